"""Models, losses, the optimizer and the training loop that the chapter builds from scratch."""

import collections
import math
import warnings

import mxnet as mx
from mxnet import autograd, nd

from . import _checks

# How far the Python loop may run ahead of MXNet, in batches. MXNet runs operations in the
# background; unchecked, the loop would queue a whole epoch, and MXNet would prepare every
# queued batch at once (an epoch of Fashion-MNIST is 188 MB of float32 images). Every AHEAD
# batches the loop waits until the batch AHEAD places back is done: MXNet always has work
# queued, at most 2 * AHEAD batches are alive, and the loop waits only once per AHEAD batches.
AHEAD = 8


def _keep_up(results):
    """Wait, every ``AHEAD`` batches, until the result ``AHEAD`` places back is computed."""
    if len(results) % AHEAD == 0:
        results[-AHEAD].wait_to_read()


class TrainingWarning(UserWarning):
    """Training ran without error but its figures say something is wrong."""


def linreg(X, w, b):
    """The linear regression model: ``Xw + b``."""
    if X.shape[-1] != w.shape[0]:
        raise ValueError(f"X has {X.shape[-1]} features per example but w has {w.shape[0]} rows")
    return nd.dot(X, w) + b


def squared_loss(y_hat, y):
    """Half the squared error of each example, with ``y`` reshaped like ``y_hat``."""
    if y_hat.size != y.size:
        raise ValueError(f"y_hat and y must hold as many values, not {y_hat.size} and {y.size}")
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """One minibatch SGD step, in place: ``param -= lr * param.grad / batch_size``."""
    lr = _checks.learning_rate(lr)
    batch_size = _checks.batch_size(batch_size)
    _checks.params_have_gradients(params)
    for param in params:
        param[:] = param - lr * param.grad / batch_size


def accuracy(y_hat, y):
    """The fraction of rows of ``y_hat`` whose largest entry is at the index ``y`` gives."""
    return (y_hat.argmax(axis=1) == y.astype("float32")).mean().asscalar()


def _count_correct(predictions, labels, label_range=False):
    """Correct predictions (argmax outputs, per batch), and with ``label_range`` the smallest
    and largest label, as a NumPy array.

    Comparing once over the whole epoch, rather than batch by batch, keeps the per-batch work
    to a single operation; the figures are read back from the device together, once.
    """
    predicted = nd.concat(*predictions, dim=0)
    y = nd.concat(*labels, dim=0).astype(predicted.dtype)
    figures = [(predicted == y).sum()] + ([y.min(), y.max()] if label_range else [])
    return nd.concat(*figures, dim=0).asnumpy()


def _check_labels(low, high, num_outputs, where):
    """ValueError unless every label is a class index of a net with ``num_outputs`` outputs."""
    if 0 <= low and high < num_outputs:
        return
    bad = low if low < 0 else high
    message = (f"labels must be class indices from 0 to {num_outputs - 1} for a net with "
               f"{num_outputs} outputs, but {where} has label {bad:g}. ")
    if low >= 0:
        classes = int(high) + 1
        message += (f"If the data have {classes} classes, give the net {classes} outputs "
                    f"(for example num_outputs = {classes}, or nn.Dense({classes})). ")
    else:
        message += "A class index is never negative: check how the labels were made. "
    raise ValueError(message + "(MXNet's pick would use the nearest class instead, silently.)")


def _check_outputs(y_hat, X, y):
    """ValueError unless ``y_hat`` holds one row of class scores per example of the batch."""
    n = y.shape[0]
    if len(y_hat.shape) == 2 and y_hat.shape[0] == n:
        return
    raise ValueError(
        f"net(X) must give one row of class scores per example, shape ({n}, number of "
        f"classes), but for a batch X of shape {X.shape} it gave shape {y_hat.shape}. Check "
        "the reshape at the start of net (X.reshape((-1, num_inputs))) and the output layer."
    )


def _context(ctx):
    if ctx is None:
        return None
    return ctx[0] if isinstance(ctx, (list, tuple)) else ctx


def evaluate_accuracy(data_iter, net, ctx=None):
    """The accuracy of ``net`` over all examples of ``data_iter``, read back once at the end.

    The first edition's order: the data first, then the net. ``ctx`` (a context, or a list
    whose first one is used) is where each batch is copied before ``net`` sees it; by default
    the batches stay where they are.
    """
    if callable(data_iter) and not callable(net):
        raise TypeError("evaluate_accuracy takes the data first, then the net: "
                        "evaluate_accuracy(data_iter, net), as in the book's first edition "
                        "(the second edition swapped them)")
    ctx = _context(ctx)
    predictions, labels = [], []
    for X, y in data_iter:
        if ctx is not None:
            X, y = X.as_in_context(ctx), y.as_in_context(ctx)
        predictions.append(net(X).argmax(axis=1))
        labels.append(y)
        _keep_up(predictions)
    if not labels:
        raise ValueError("data_iter yielded no examples")
    return _count_correct(predictions, labels)[0] / sum(y.shape[0] for y in labels)


def try_gpu():
    """``mx.gpu(0)`` when MXNet sees a GPU, otherwise ``mx.cpu()``."""
    return mx.gpu(0) if mx.context.num_gpus() > 0 else mx.cpu()


def try_all_gpus():
    """Every GPU MXNet sees, or ``[mx.cpu()]`` when there is none."""
    return [mx.gpu(i) for i in range(mx.context.num_gpus())] or [mx.cpu()]


Epoch = collections.namedtuple("Epoch", "epoch train_loss train_acc test_acc")


def train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size,
              params=None, lr=None, trainer=None, animate=False):
    """Train a classifier and print one line per epoch, as the book does.

    Either give ``params`` and ``lr`` (the parameters are updated with :func:`sgd`) or a Gluon
    ``trainer``. Losses and predictions stay on the device until the epoch ends, so the loop
    reads no result back batch by batch; it only keeps MXNet from falling more than
    ``AHEAD`` batches behind (which bounds the memory). Returns the list of ``Epoch`` records
    (epoch, train_loss, train_acc, test_acc); the last one holds the final figures.

    With ``animate=True`` it also draws the train loss, train accuracy and test accuracy
    against the epoch, redrawn in place after every epoch (the ``d2l`` package's ``Animator``,
    as the book's second edition does), below the printed lines.

    Mistakes are named before they can mislead: a net whose output does not fit the labels,
    labels outside the classes, parameters without ``attach_grad()``, an empty iterator
    (``ValueError``). Training stops with ``FloatingPointError`` at the first epoch whose loss
    is not finite, and warns (``TrainingWarning``) when an epoch ends at chance accuracy with a
    loss far above that of guessing.
    """
    if trainer is None:
        if params is None or lr is None:
            raise ValueError("train_ch3 needs either params and lr (for sgd) or a trainer")
        lr = _checks.learning_rate(lr)
        _checks.params_have_gradients(params)
    batch_size = _checks.batch_size(batch_size)
    num_epochs = _checks.num_epochs(num_epochs)
    figure = None
    if animate:
        from .book import EpochFigure

        figure = EpochFigure(num_epochs)
    try:
        return _train_epochs(net, train_iter, test_iter, loss, num_epochs, batch_size, params,
                             lr, trainer, figure)
    finally:
        if figure is not None:
            figure.close()


def _train_epochs(net, train_iter, test_iter, loss, num_epochs, batch_size, params, lr, trainer,
                  figure):
    history, first_batch, warned = [], None, False
    for epoch in range(1, num_epochs + 1):
        losses, predictions, labels = [], [], []
        for X, y in train_iter:
            with autograd.record():
                y_hat = net(X)
                if first_batch is None:
                    _check_outputs(y_hat, X, y)
                    first_batch = y.shape[0]
                    # One read-back, once: stop before an epoch of silent nonsense.
                    _check_labels(y.min().asscalar(), y.max().asscalar(), y_hat.shape[1],
                                  "the first batch of train_iter")
                l = loss(y_hat, y).sum()
            l.backward()
            if trainer is None:
                sgd(params, lr, batch_size)
            else:
                trainer.step(batch_size)
            losses.append(l)
            predictions.append(y_hat.argmax(axis=1))
            labels.append(y)
            _keep_up(losses)
        if not labels:
            raise ValueError(
                f"train_iter yielded no batches in epoch {epoch}. Is the data set empty? A "
                "generator, such as data_iter(...), can be read only once: pass an object that "
                "can be iterated again, such as the loaders of load_data_fashion_mnist."
            )
        n = sum(y.shape[0] for y in labels)
        correct, low, high = _count_correct(predictions, labels, label_range=True)
        num_classes = y_hat.shape[1]
        _check_labels(low, high, num_classes, f"epoch {epoch} of train_iter")
        record = Epoch(epoch, nd.add_n(*losses).asscalar() / n, correct / n,
                       evaluate_accuracy(test_iter, net))
        history.append(record)
        print(f"epoch {epoch}, loss {record.train_loss:.4f}, train acc {record.train_acc:.3f}, "
              f"test acc {record.test_acc:.3f}")
        if figure is not None:
            figure.add(epoch, record[1:])
        if not math.isfinite(record.train_loss):
            raise FloatingPointError(
                f"training diverged: the loss became {record.train_loss} in epoch {epoch}. "
                + _smaller_steps(lr, trainer, batch_size, first_batch)
            )
        chance = 1 / num_classes
        if (not warned and record.train_acc < 1.5 * chance and record.test_acc < 1.5 * chance
                and record.train_loss > 2 * math.log(num_classes)):
            warned = True
            warnings.warn(
                f"epoch {epoch} ended at chance accuracy (1 in {num_classes}) with a loss of "
                f"{record.train_loss:.4g}, far above the {math.log(num_classes):.2f} of "
                f"guessing every class alike: the model is not learning. "
                + _smaller_steps(lr, trainer, batch_size, first_batch),
                TrainingWarning, stacklevel=3)
    return history


def _smaller_steps(lr, trainer, batch_size, first_batch):
    """The likely cause of steps that are too large, and what to change."""
    if first_batch > batch_size:
        return (f"train_ch3 was given batch_size={batch_size}, but the batches hold "
                f"{first_batch} examples: each step divides the summed gradient by batch_size, "
                f"so it is {first_batch / batch_size:g} times too large. Pass "
                f"batch_size={first_batch}.")
    if trainer is None:
        hint = f"for example lr={lr / 10:g}"
    else:
        hint = f"for example trainer.set_learning_rate({trainer.learning_rate / 10:g})"
    return f"The steps are too large for this model; try a smaller learning rate ({hint})."
