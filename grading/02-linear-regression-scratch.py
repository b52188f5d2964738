"""Notebook 02, linear regression from scratch: exercise 1 (training from zero weights)."""

AUTOGRADED = {
    1: {
        "task": {
            "": "Define `train(lr, w_init, epochs=3)`: it trains `linreg` with `squared_loss`, "
                "`sgd` and `data_iter` (batches of `batch_size`) from the weights `w_init` and a "
                "zero bias, and returns the weights, the bias and the mean squared loss on all "
                "`features`, `labels` (a float).",
            "zh": "定义 `train(lr, w_init, epochs=3)`：从权重 `w_init` 和零偏差出发，用 `linreg`、"
                  "`squared_loss`、`sgd` 和 `data_iter`（批量大小为 `batch_size`）训练，返回权重、偏差，"
                  "以及在全部 `features`、`labels` 上的平均平方损失（一个浮点数）。",
        },
        "points": (1, 2),
        "visible": """
_w, _b, _loss = train(0.03, nd.zeros((2, 1)))
assert _w.shape == (2, 1) and float(_loss) < 1e-3
""",
        "hidden": """
_w, _b, _loss = train(0.03, nd.zeros((2, 1)))
assert nd.abs(_w.reshape((-1,)) - true_w).max().asscalar() < 0.01
assert abs(_b.asscalar() - true_b) < 0.01 and float(_loss) < 1e-4
assert train(0.003, nd.zeros((2, 1)))[2] > 100 * float(_loss)
""",
    },
}
