"""Checks of the helpers' arguments, in one place and by one rule.

* An argument of the wrong kind (a string where a number belongs, a fraction where a count
  belongs) raises ``TypeError``.
* An argument of the right kind but an impossible value (zero examples, a negative learning
  rate, an image too large for MXNet), or data that do not fit the model (labels outside the
  net's classes, outputs of the wrong shape, an empty iterator, parameters without gradients)
  raises ``ValueError``.

Every message names the argument, says what it got and what it needs. The checks run before
any work is done, so a refused call changes nothing.
"""

import math
import numbers

# MXNet 1.9 as released counts the elements of an array with a 32-bit integer.
MAX_ELEMENTS = 2 ** 31 - 1
# The book resizes Fashion-MNIST to 224 x 224 at most (AlexNet); 1024 leaves room to try more
# and keeps a batch of 256 images under 1 GB of float32.
MAX_RESIZE = 1024


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(value, name):
    """``value`` as an int; TypeError unless it is a whole number, ValueError unless positive."""
    if not _is_int(value):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__} ({value!r})")
    if value <= 0:
        raise ValueError(f"{name} must be positive, not {value}")
    return int(value)


def batch_size(value):
    return positive_int(value, "batch_size")


def num_epochs(value):
    return positive_int(value, "num_epochs")


def num_examples(value):
    return positive_int(value, "num_examples")


def learning_rate(lr):
    """``lr`` as a float; it must be a positive finite number."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"lr (the learning rate) must be a number, not {type(lr).__name__}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr (the learning rate) must be a positive finite number, not {lr}")
    return float(lr)


def resize(value):
    """None, or ``(height, width)`` from an int or a pair of ints, each 1 to ``MAX_RESIZE``."""
    if value is None:
        return None
    usage = "resize must be a positive int or (height, width)"
    if _is_int(value):
        size = (value, value)
    elif isinstance(value, (tuple, list)):
        size = tuple(value)
        if len(size) != 2:
            raise ValueError(f"{usage}, not {value!r} ({len(size)} numbers)")
    else:
        raise TypeError(f"{usage}, not {type(value).__name__} ({value!r})")
    if not all(_is_int(s) for s in size):
        raise TypeError(f"{usage} of whole numbers, not {value!r}")
    if not all(s > 0 for s in size):
        raise ValueError(f"{usage}, not {value!r}")
    if max(size) > MAX_RESIZE:
        raise ValueError(
            f"resize={value!r} is too large: each side can be at most {MAX_RESIZE} pixels "
            f"(Fashion-MNIST images are 28 x 28; the book enlarges them to 224 at most)"
        )
    return tuple(int(s) for s in size)


def batch_fits(batch, image_shape):
    """ValueError unless a batch of ``batch`` images of ``image_shape`` fits in one MXNet array."""
    elements = batch * math.prod(image_shape)
    if elements > MAX_ELEMENTS:
        raise ValueError(
            f"a batch of {batch} images of shape {tuple(image_shape)} has {elements:,} values, "
            f"more than MXNet can hold in one array ({MAX_ELEMENTS:,}); use a smaller "
            "batch_size or resize"
        )


def same_length(a, b, names):
    if a != b:
        raise ValueError(f"{names[0]} and {names[1]} must have the same length, not {a} and {b}")


def params_have_gradients(params):
    """ValueError unless every parameter has a gradient buffer (``attach_grad()`` was called)."""
    for i, param in enumerate(params):
        if getattr(param, "grad", None) is None:
            shape = getattr(param, "shape", None)
            raise ValueError(
                f"params[{i}] (shape {shape}) has no gradient: call attach_grad() on every "
                "parameter before training (for example W.attach_grad()), so that backward() "
                "fills param.grad"
            )
