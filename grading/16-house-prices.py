"""Notebook 16, house prices: exercise 1 (the best constant prediction)."""

AUTOGRADED = {
    1: {
        "task": {
            "": "Compute `best`, the log-RMSE on the training houses (`train_data[label]`) of the "
                "best constant prediction.",
            "zh": "计算 `best`：最优常数预测在训练房屋（`train_data[label]`）上的对数均方根误差。",
        },
        "points": (1, 2),
        "visible": """
assert 0 < float(best) < 1
""",
        "hidden": """
_logs = np.log(train_data[label].values.astype(np.float64))
assert abs(float(best) - _logs.std()) < 1e-6
""",
        "wrong": """
_prices = train_data[label].values
best = np.sqrt(np.mean((np.log(_prices) - np.log(_prices.mean())) ** 2))
""",
    },
}
