"""Notebook 03, linear regression with Gluon: exercise 3 (an initializer for the bias)."""

AUTOGRADED = {
    3: {
        "task": {
            "": "Create `default`, an initialized `nn.Dense(1, in_units=2)` after "
                "`initialize(init.Normal(sigma=0.01))`, and `random_bias`, the same layer whose "
                "bias is also drawn from $\\mathcal{N}(0, 0.01^2)$.",
            "zh": "创建 `default`：用 `initialize(init.Normal(sigma=0.01))` 初始化的 "
                  "`nn.Dense(1, in_units=2)`；以及 `random_bias`：同样的层，但偏差也从 "
                  "$\\mathcal{N}(0, 0.01^2)$ 中抽取。",
        },
        "points": (1, 2),
        "visible": """
assert random_bias.weight.shape == (1, 2) and default.weight.shape == (1, 2)
assert random_bias.bias.data().asscalar() != 0
""",
        "hidden": """
assert default.bias.data().asscalar() == 0
assert 0 < abs(random_bias.bias.data().asscalar()) < 0.1
assert 0 < nd.abs(random_bias.weight.data()).max().asscalar() < 0.1
assert random_bias(nd.ones((4, 2))).shape == (4, 1)
""",
        "wrong": """
default = nn.Dense(1, in_units=2)
default.initialize(init.Normal(sigma=0.01))
random_bias = nn.Dense(1, in_units=2, bias_initializer=init.Constant(1))
random_bias.initialize(init.Normal(sigma=0.01))
""",
    },
}
