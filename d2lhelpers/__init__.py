"""Helpers shared by the notebooks of the course, named as in the book's classic API.

``import d2lhelpers as d2l`` and code copied from the book's first edition (``import d2lzh as
d2l``) runs unchanged: its functions (``d2l.load_data_fashion_mnist``, ``d2l.train_ch3``,
``d2l.sgd``, ...) and the modules it reaches through the package (``d2l.nd``, ``d2l.gluon``,
``d2l.gdata``, ``d2l.gloss``, ``d2l.plt``, ``d2l.np`` for NumPy, ...). README lists which names
are the book's and which the course adds.
"""

import sys as _sys

from ._environment import check_python as _check_python, import_mxnet as _import_mxnet
from ._environment import return_large_blocks as _return_large_blocks

# `python -m d2lhelpers data` checks the data files with numpy alone. Python imports this package
# before it runs that command, and sys.argv[0] is "-m" only while it does so: the command then
# skips MXNet's import (about 5 s, which `make data` would pay before every test run).
# (sys.orig_argv ends with the module's name and sys.argv[1:].)
_COMMAND = _sys.argv[:1] == ["-m"] and _sys.orig_argv[-len(_sys.argv):][:1] == [__name__]
if not _COMMAND:
    _import_mxnet()
    _check_python()
    _return_large_blocks()

    # The modules the book's code reaches through the package, as d2lzh imports them.
    import mxnet as mx  # noqa: E402
    import numpy as np  # noqa: E402
    from mxnet import autograd, gluon, image, init, nd  # noqa: E402
    from mxnet.gluon import data as gdata, loss as gloss, nn, utils as gutils  # noqa: E402

    from .data import (  # noqa: E402
        TEXT_LABELS,
        ArrayLoader,
        FashionMNIST,
        data_iter,
        get_fashion_mnist_labels,
        load_data_fashion_mnist,
        synthetic_data,
    )
    from .fashion_mnist import DatasetError  # noqa: E402
    from .plotting import (  # noqa: E402
        plt,
        semilogy,
        set_figsize,
        show_fashion_mnist,
        show_images,
        use_png_display,
        use_svg_display,
    )
    from .training import (  # noqa: E402
        Epoch,
        TrainingWarning,
        accuracy,
        evaluate_accuracy,
        linreg,
        sgd,
        squared_loss,
        train_ch3,
        try_all_gpus,
        try_gpu,
    )

__version__ = "0.1.0"


# Names from the d2l package (d2lhelpers.book), imported on first use: d2l.mxnet costs about
# 0.3 s and 30 MB, which a notebook that never uses them should not pay.
_FROM_BOOK = ("Animator", "Timer", "plot", "set_axes")


def __getattr__(name):
    if name in _FROM_BOOK:
        from . import book

        return getattr(book, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
