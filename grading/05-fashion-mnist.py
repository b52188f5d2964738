"""Notebook 05, the Fashion-MNIST dataset: exercise 3 (the average image of each class)."""

AUTOGRADED = {
    3: {
        "task": {
            "": "Compute `class_means`, a NumPy array of shape (10, 28, 28): the average training "
                "image of each class, with pixel values scaled to $[0, 1]$, class $k$ in row $k$.",
            "zh": "计算 `class_means`：形状为 (10, 28, 28) 的 NumPy 数组，第 $k$ 行是类别 $k$ 的训练图像的平均，"
                  "像素值缩放到 $[0, 1]$。",
        },
        "points": (1, 2),
        # The worked answer starts from the split that exercise 2's answer reads.
        "given": """
X_all, y_all = mnist_train[:]
""",
        "visible": """
assert np.asarray(class_means).shape == (10, 28, 28)
assert 0 <= np.min(class_means) and np.max(class_means) <= 1
""",
        "hidden": """
_images, _labels = mnist_train[:]
_images = _images.asnumpy()[:, :, :, 0]
_labels = np.asarray(_labels)
for _k in (0, 4, 9):
    _mean = _images[_labels == _k].astype(np.float64).mean(axis=0) / 255
    assert np.abs(np.asarray(class_means)[_k] - _mean).max() < 1e-4, _k
""",
    },
}
