"""Notebook 04, softmax regression: exercises 2 (the Hessian of the cross-entropy) and 3 (the
loss of a model that has learned nothing)."""

AUTOGRADED = {
    2: {
        "task": {
            "": "Choose logits `o4`, an NDArray of shape (1, 3), and compute `hessian`, the (3, 3) "
                "matrix of second derivatives of the cross-entropy with respect to the logits at "
                "`o4`, with autograd.",
            "zh": "任选一个形状为 (1, 3) 的 NDArray 输出 `o4`，用自动求梯度算出 `hessian`：交叉熵在 `o4` "
                  "处对输出的 (3, 3) 二阶导数矩阵。",
        },
        "points": (1, 2),
        "visible": """
assert tuple(hessian.shape) == (3, 3)
""",
        "hidden": """
_p = nd.softmax(o4)[0].asnumpy().astype(np.float64)
_expected = np.diag(_p) - np.outer(_p, _p)
_h = hessian.asnumpy() if hasattr(hessian, 'asnumpy') else np.asarray(hessian)
assert np.abs(_h - _expected).max() < 1e-5
assert np.abs(_h.sum(axis=1)).max() < 1e-5
""",
        "wrong": """
o4 = nd.array([[0.5, -1.0, 2.0]])
_p = nd.softmax(o4)[0]
hessian = nd.diag(_p)
""",
    },
    3: {
        "task": {
            "": "Compute `losses`, the cross-entropy loss of each of four examples (labels 0, 3, "
                "7 and 9 of ten classes) when every logit is 0.",
            "zh": "计算 `losses`：当所有输出都为 0 时，四个样本（十个类别中的标签 0、3、7、9）各自的交叉熵损失。",
        },
        "points": (1, 1),
        "visible": """
_l = losses.asnumpy() if hasattr(losses, 'asnumpy') else np.asarray(losses)
assert _l.shape == (4,)
""",
        "hidden": """
_l = losses.asnumpy() if hasattr(losses, 'asnumpy') else np.asarray(losses)
assert np.allclose(_l, math.log(10), atol=1e-5)
""",
    },
}
