"""Figures for the notebooks: the book's ``set_figsize``, ``semilogy`` and image grids.

The course shows figures as high-resolution PNG: nbval does not compare PNG, while SVG
embeds dates and random ids that would make every stored figure differ on each run. The
``d2l`` package's helpers switch Jupyter to SVG whenever they draw; the course's wrappers
around them (:mod:`d2lhelpers.book`) call :func:`_apply_display` afterwards to switch back.
"""

import numpy as np
from matplotlib import pyplot as plt
from matplotlib_inline import backend_inline

_display = {"formats": ("retina",), "kwargs": {}}


def _apply_display():
    """Set the inline figure format, when running in IPython (outside, there is nothing to set)."""
    from IPython import get_ipython

    if get_ipython() is not None:
        backend_inline.set_matplotlib_formats(*_display["formats"], **_display["kwargs"])


def use_svg_display():
    """Show figures as SVG from now on (sharp at any zoom; reproducible ids and no date)."""
    plt.rcParams["svg.hashsalt"] = "d2l"
    _display.update(formats=("svg",), kwargs={"metadata": {"Date": None}})
    _apply_display()


def use_png_display():
    """Show figures as high-resolution PNG, the course's default."""
    _display.update(formats=("retina",), kwargs={})
    _apply_display()


_apply_display()  # so a figure made before any set_figsize call is sharp too


def set_figsize(figsize=(3.5, 2.5)):
    """Set the default figure size (inches) and the course's figure format."""
    _apply_display()
    plt.rcParams["figure.figsize"] = figsize


def semilogy(x_vals, y_vals, x_label, y_label, x2_vals=None, y2_vals=None,
             legend=None, figsize=(3.5, 2.5)):
    """Plot ``y_vals`` against ``x_vals`` (and a second dotted curve) with a log y axis."""
    set_figsize(figsize)
    plt.xlabel(x_label)
    plt.ylabel(y_label)
    plt.semilogy(x_vals, y_vals)
    if x2_vals is not None and y2_vals is not None:
        plt.semilogy(x2_vals, y2_vals, linestyle=":")
    if legend:
        plt.legend(legend)
    plt.grid(True, which="major", alpha=0.3)


def _as_2d(img):
    """One image as an (h, w) numpy array, from (h, w), (h, w, 1) or (1, h, w)."""
    img = img.asnumpy() if hasattr(img, "asnumpy") else np.asarray(img)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    elif img.ndim == 3 and img.shape[0] == 1:
        img = img[0]  # as a loader yields it: one channel first
    if img.ndim != 2:
        raise ValueError(
            f"each image must have shape (h, w), (h, w, 1) or (1, h, w), not {img.shape}; "
            "pass a batch of images such as X[0:9], one image per title"
        )
    return img


def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    """Show images in a grid; return the axes.

    Each image is an NDArray or array of shape (h, w), (h, w, 1) or (1, h, w), so a batch as
    the loader yields it, (n, 1, h, w), can be passed as it is.
    """
    _apply_display()
    _, axes = plt.subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale),
                           squeeze=False)
    axes = axes.flatten()
    for i, (ax, img) in enumerate(zip(axes, imgs)):
        ax.imshow(_as_2d(img), cmap="gray_r")
        ax.set_xticks([])
        ax.set_yticks([])
        if titles:
            ax.set_title(titles[i])
    return axes


def show_fashion_mnist(images, labels):
    """Show Fashion-MNIST images in one row, each titled with its label.

    ``images`` is a batch as the loader yields it, (n, 1, 28, 28), or (n, 28, 28), or a list
    of single images.
    """
    return show_images(images, 1, len(images), titles=labels, scale=1.2)
