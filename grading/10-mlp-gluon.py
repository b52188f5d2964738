"""Notebook 10, MLP with Gluon: exercise 3 (a Dense layer with flatten=False)."""

AUTOGRADED = {
    3: {
        "task": {
            "": "Create `row_layer`, an initialized `nn.Dense(256, activation='relu', "
                "flatten=False)`, and pass it a batch of images.",
            "zh": "创建 `row_layer`：一个已初始化的 `nn.Dense(256, activation='relu', flatten=False)`，"
                  "并把一个批量的图像传给它。",
        },
        "points": (1, 2),
        "visible": """
assert row_layer(nd.ones((2, 1, 28, 28))).shape == (2, 1, 28, 256)
""",
        "hidden": """
assert tuple(row_layer.weight.shape) == (256, 28)
_X = nd.random.uniform(shape=(3, 1, 28, 28))
_out = row_layer(_X)
assert _out.min().asscalar() >= 0
# each row of pixels is mapped on its own: swapping two rows swaps their outputs
_swapped = nd.concat(_X[:, :, 1:2], _X[:, :, 0:1], _X[:, :, 2:], dim=2)
assert nd.abs(row_layer(_swapped)[:, :, 0] - _out[:, :, 1]).max().asscalar() < 1e-6
""",
    },
}
