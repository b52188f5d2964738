"""Notebook 13, dropout: exercise 4 (dropout without the p == 1 branch)."""

AUTOGRADED = {
    4: {
        "task": {
            "": "Define `dropout_without_branch(X, p)`: the notebook's `dropout` without its "
                "`if p == 1` branch.",
            "zh": "定义 `dropout_without_branch(X, p)`：去掉 `if p == 1` 分支的本 notebook 的 `dropout`。",
        },
        "points": (1, 2),
        "visible": """
assert np.isnan(dropout_without_branch(nd.ones((2, 8)), 1).asnumpy()).all()
""",
        "hidden": """
_X = nd.arange(1, 17).reshape((2, 8))
assert nd.abs(dropout_without_branch(_X, 0) - _X).max().asscalar() == 0
_kept = dropout_without_branch(nd.ones((100, 100)), 0.5).asnumpy()
assert set(np.unique(_kept)) <= {0.0, 2.0} and 0.4 < (_kept > 0).mean() < 0.6
""",
    },
}
