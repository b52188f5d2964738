"""Notebook 14, backpropagation and gradient checking: exercise 1 (a planted bug)."""

AUTOGRADED = {
    1: {
        "task": {
            "": "Compute the gradients of `backward` without the `lam * params['W2']` term, for the "
                "check's parameters and batch, and keep in `bug_errors` the relative error of each "
                "against autograd (`params_nd[name].grad`), a dict keyed 'W1', 'b1', 'W2', 'b2'.",
            "zh": "对检查所用的参数和批量，计算去掉 `lam * params['W2']` 项后的 `backward` 梯度，并把每个梯度"
                  "相对自动求梯度结果（`params_nd[name].grad`）的相对误差存入字典 `bug_errors`，键为 "
                  "'W1'、'b1'、'W2'、'b2'。",
        },
        "points": (1, 2),
        "visible": """
assert set(bug_errors) == {'W1', 'b1', 'W2', 'b2'}
""",
        "hidden": """
assert bug_errors['W2'] > 1e-3
assert max(bug_errors[k] for k in ('W1', 'b1', 'b2')) < 1e-6
""",
    },
}
