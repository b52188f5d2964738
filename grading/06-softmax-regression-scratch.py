"""Notebook 06, softmax regression from scratch: exercise 1 (a softmax that cannot overflow)."""

AUTOGRADED = {
    1: {
        "task": {
            "": "Define `stable_softmax(O)`: the softmax of each row of the NDArray `O`, computed "
                "so that no exponential can overflow.",
            "zh": "定义 `stable_softmax(O)`：对 NDArray `O` 的每一行计算 softmax，且任何指数运算都不会上溢。",
        },
        "points": (1, 2),
        "visible": """
_p = stable_softmax(nd.array([[100, 0]])).asnumpy()
assert np.isfinite(_p).all() and abs(_p[0, 0] - 1) < 1e-6
""",
        "hidden": """
_O = nd.random.normal(shape=(5, 10))
assert nd.abs(stable_softmax(_O) - softmax(_O)).max().asscalar() < 1e-6
_big = nd.array([[1000, 1001, 1002], [-1000, 0, 1000], [1, 2, 3]])
_p = stable_softmax(_big).asnumpy()
assert np.isfinite(_p).all() and np.allclose(_p.sum(axis=1), 1, atol=1e-5)
assert np.allclose(_p[0], [0.0900306, 0.2447285, 0.6652410], atol=1e-5)
assert np.allclose(_p[2], _p[0], atol=1e-5)
""",
        "wrong": """
def stable_softmax(O):
    O_exp = (O - O.max()).exp()          # one maximum for the whole batch, not one per row
    return O_exp / O_exp.sum(axis=1, keepdims=True)
""",
    },
}
