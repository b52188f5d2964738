"""Notebook 09, MLP from scratch: exercise 4 (ReLU written two other ways)."""

AUTOGRADED = {
    4: {
        "task": {
            "": "Define `relu_where(X)`, ReLU written with `nd.where`, and `relu_mask(X)`, ReLU "
                "written as `X * (X > 0)`; both take and return NDArrays of any shape.",
            "zh": "定义 `relu_where(X)`（用 `nd.where` 写的 ReLU）和 `relu_mask(X)`（写成 `X * (X > 0)` 的 "
                  "ReLU）；两者都接受并返回任意形状的 NDArray。",
        },
        "points": (1, 2),
        "visible": """
_Z = nd.array([-2.0, -0.5, 0.5, 3.0])
for _f in (relu_where, relu_mask):
    assert np.allclose(_f(_Z).asnumpy(), [0, 0, 0.5, 3.0])
""",
        "hidden": """
_Z = nd.random.normal(shape=(4, 5))
for _f in (relu_where, relu_mask):
    _Zc = _Z.copy()
    _Zc.attach_grad()
    with autograd.record():
        _out = _f(_Zc)
    _out.backward()
    assert _out.shape == (4, 5) and nd.abs(_out - relu(_Z)).max().asscalar() == 0
    assert nd.abs(_Zc.grad - (_Z > 0)).max().asscalar() == 0
""",
    },
}
