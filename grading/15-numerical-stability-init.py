"""Notebook 15, numerical stability and initialization: exercise 2 (ReLU with Xavier and He)."""

AUTOGRADED = {
    2: {
        "task": {
            "": "Keep the std of each layer's output of the ten-layer ReLU network (from "
                "`layer_stats`) in `relu_xavier` for `init.Xavier()` and in `relu_he` for He "
                "initialization: NumPy arrays of ten numbers.",
            "zh": "把十层 ReLU 网络每层输出的标准差（用 `layer_stats` 得到）存入 `relu_xavier`（`init.Xavier()`）"
                  "和 `relu_he`（He 初始化）：各含十个数的 NumPy 数组。",
        },
        "points": (1, 2),
        "visible": """
assert np.asarray(relu_xavier).shape == (10,) and np.asarray(relu_he).shape == (10,)
""",
        "hidden": """
_x, _h = np.asarray(relu_xavier), np.asarray(relu_he)
assert _x[-1] / _x[0] < 0.15 and 0.5 < _h[-1] / _h[0] < 2
assert np.all(np.diff(_x) < 0)
""",
    },
}
