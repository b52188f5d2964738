"""Notebook 11, underfitting and overfitting: exercise 3 (two cubics through two points)."""

AUTOGRADED = {
    3: {
        "task": {
            "": "Find two different cubics that pass exactly through the two training points of "
                "case 3, `fit_a` and `fit_b`: NumPy arrays of the four coefficients $[b, w_1, w_2, "
                "w_3]$, in the order `half_mse(x, y, 3, w)` takes them.",
            "zh": "找出两条都恰好经过情形 3 的两个训练点的不同三次曲线 `fit_a` 和 `fit_b`：四个系数 "
                  "$[b, w_1, w_2, w_3]$ 组成的 NumPy 数组，顺序与 `half_mse(x, y, 3, w)` 所用的相同。",
        },
        "points": (1, 2),
        "visible": """
assert np.asarray(fit_a).shape == (4,) and np.asarray(fit_b).shape == (4,)
""",
        "hidden": """
for _w in (fit_a, fit_b):
    assert half_mse(x_train[:2], y_train[:2], 3, np.asarray(_w)) < 1e-8
assert np.abs(np.asarray(fit_a) - np.asarray(fit_b)).max() > 1e-3
""",
        "wrong": """
fit_a = least_squares(x_train, y_train, 3)     # the best cubic for all 100 points, not these two
fit_b = fit_a + np.array([0, 0, 0, 0.1])
""",
    },
}
