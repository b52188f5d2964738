"""Notebook 12, weight decay: exercise 1 (no penalty, but starting from w = 0)."""

AUTOGRADED = {
    1: {
        "task": {
            "": "Train the linear model without a penalty ($\\lambda = 0$), from $\\mathbf{w} = "
                "\\mathbf{0}$ and $b = 0$, with the notebook's `lr` and `num_epochs` (one example "
                "per step), and keep the result in `w0`, a NumPy array of shape (200,), and `b0`, "
                "a number.",
            "zh": "在没有惩罚项（$\\lambda = 0$）的情况下，从 $\\mathbf{w} = \\mathbf{0}$、$b = 0$ 出发，"
                  "用本 notebook 的 `lr` 和 `num_epochs`（每步一个样本）训练线性模型，把结果存入 `w0`"
                  "（形状为 (200,) 的 NumPy 数组）和 `b0`（一个数）。",
        },
        "points": (1, 2),
        "visible": """
assert np.asarray(w0).shape == (num_inputs,) and np.isfinite(float(b0))
""",
        "hidden": """
_w = np.asarray(w0, dtype=np.float64)
_y_train = train_labels.asnumpy().reshape(-1).astype(np.float64)
_y_test = test_labels.asnumpy().reshape(-1).astype(np.float64)
assert 0.5 * np.mean((X_train @ _w + float(b0) - _y_train) ** 2) < 1e-3
assert np.linalg.norm(_w - Q @ (Q.T @ _w)) < 1e-6          # nothing outside the training inputs
assert 0.5 * np.mean((X_test @ _w + float(b0) - _y_test) ** 2) < 2 * scratch[3]['test'][-1]
""",
    },
}
