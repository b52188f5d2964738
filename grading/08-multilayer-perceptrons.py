"""Notebook 08, multilayer perceptrons: exercise 3 (a hat function from three ReLU units)."""

AUTOGRADED = {
    3: {
        "task": {
            "": "Give the parameters as NDArrays `W1_hat` (1, 3), `b1_hat` (1, 3), `W2_hat` (3, 1) "
                "and `b2_hat` (1, 1), so that for inputs `x` of shape (n, 1) "
                "`nd.dot(nd.relu(nd.dot(x, W1_hat) + b1_hat), W2_hat) + b2_hat` is the hat.",
            "zh": "给出 NDArray 参数 `W1_hat` (1, 3)、`b1_hat` (1, 3)、`W2_hat` (3, 1) 和 `b2_hat` (1, 1)，"
                  "使得对形状为 (n, 1) 的输入 `x`，"
                  "`nd.dot(nd.relu(nd.dot(x, W1_hat) + b1_hat), W2_hat) + b2_hat` 就是这个“帽子”函数。",
        },
        "points": (1, 2),
        "visible": """
def _hat(x):
    x = nd.array(x).reshape((-1, 1))
    return (nd.dot(nd.relu(nd.dot(x, W1_hat) + b1_hat), W2_hat) + b2_hat).asnumpy().ravel()

assert np.allclose(_hat([-2, 0, 2]), [0, 1, 0], atol=1e-6)
""",
        "hidden": """
_xs = np.linspace(-3, 3, 61)
assert np.allclose(_hat(_xs), np.maximum(0, 1 - np.abs(_xs)), atol=1e-5)
""",
        "wrong": """
W1_hat, b1_hat = nd.array([[1, 1, 1]]), nd.array([[2, 0, -2]])   # a hat twice as wide
W2_hat, b2_hat = nd.array([[0.5], [-1], [0.5]]), nd.array([[0]])
""",
    },
}
