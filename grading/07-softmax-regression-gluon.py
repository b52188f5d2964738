"""Notebook 07, softmax regression with Gluon: exercise 4 (the layer's weight and bias by hand)."""

AUTOGRADED = {
    4: {
        "task": {
            "": "Read the trained layer's parameters into `W`, an NDArray of shape (784, 10) as in "
                "notebook 06, and `b`, of shape (10,), so that "
                "$\\operatorname{softmax}(\\mathbf{X}\\mathbf{W} + \\mathbf{b})$ is the network's "
                "prediction.",
            "zh": "把训练好的层的参数读入 `W`（与 notebook 06 一样，形状为 (784, 10) 的 NDArray）和 `b`"
                  "（形状 (10,)），使 $\\operatorname{softmax}(\\mathbf{X}\\mathbf{W} + \\mathbf{b})$ "
                  "就是网络的预测。",
        },
        "points": (1, 2),
        "visible": """
assert tuple(W.shape) == (784, 10) and tuple(b.shape) == (10,)
""",
        "hidden": """
_X, _ = next(iter(test_iter))
_by_hand = nd.softmax(nd.dot(_X.reshape((-1, 784)), W) + b)
assert nd.abs(_by_hand - nd.softmax(net(_X))).max().asscalar() < 1e-5
""",
        "wrong": """
W = net[0].weight.data().reshape((784, 10))   # the right shape, the entries in the wrong places
b = net[0].bias.data()
""",
    },
}
