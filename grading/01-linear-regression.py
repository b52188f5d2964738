"""Notebook 01, linear regression: exercise 4 (the largest stable learning rate)."""

AUTOGRADED = {
    4: {
        "task": {
            "": "Define `limit`, the largest stable learning rate computed from the eigenvalues "
                "of $\\frac{1}{n}\\mathbf{X}^\\top\\mathbf{X}$, and `gradient_descent(lr, steps=200)`, "
                "which runs full-batch gradient descent on `X`, `y` from zero parameters and "
                "returns `full_loss` of the result.",
            "zh": "定义 `limit`（由 $\\frac{1}{n}\\mathbf{X}^\\top\\mathbf{X}$ 的特征值算出的最大稳定学习率）"
                  "和 `gradient_descent(lr, steps=200)`：从零参数出发，在 `X`、`y` 上运行全批量梯度下降，"
                  "返回结果的 `full_loss`。",
        },
        "points": (1, 2),
        "visible": """
assert 0 < float(limit) < 10
assert np.isfinite(gradient_descent(0.5 * limit))
""",
        "hidden": """
expected = 2 / np.linalg.eigvalsh(X.T @ X / len(y)).max()
assert abs(limit - expected) < 1e-6 * expected
assert gradient_descent(0.9 * expected) < 2 * full_loss(w_star)
assert gradient_descent(1.1 * expected) > 1e6
assert gradient_descent(0.5 * expected, steps=1) > gradient_descent(0.5 * expected, steps=50)
""",
        "wrong": """
limit = 1 / np.linalg.eigvalsh(X.T @ X / len(y)).max()

def gradient_descent(lr, steps=200):
    p = np.zeros(3)
    for _ in range(steps):
        p -= lr * X.T @ (X @ p - y) / len(y)
    return full_loss(p)
""",
    },
}
