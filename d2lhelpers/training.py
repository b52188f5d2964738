"""Models, losses, the optimizer and the training loop that the chapter builds from scratch."""

import collections
import math
import numbers

from mxnet import autograd, nd

from .data import check_batch_size


def check_lr(lr):
    """Raise unless ``lr`` is a positive finite number; return it as a float."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"lr (the learning rate) must be a number, not {type(lr).__name__}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr (the learning rate) must be a positive finite number, not {lr}")
    return float(lr)


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
    lr = check_lr(lr)
    batch_size = check_batch_size(batch_size)
    for param in params:
        param[:] = param - lr * param.grad / batch_size


def accuracy(y_hat, y):
    """The fraction of rows of ``y_hat`` whose largest entry is at the index ``y`` gives."""
    return (y_hat.argmax(axis=1) == y.astype("float32")).mean().asscalar()


def _count_correct(predictions, labels):
    """How many predicted classes (argmax outputs, per batch) equal the labels, as a float.

    Comparing once over the whole epoch, rather than batch by batch, keeps the per-batch work
    to a single operation and reads the device back only once.
    """
    predicted = nd.concat(*predictions, dim=0)
    return (predicted == nd.concat(*labels, dim=0).astype(predicted.dtype)).sum().asscalar()


def evaluate_accuracy(data_iter, net):
    """The accuracy of ``net`` over all examples of ``data_iter``, read back once at the end."""
    predictions, labels = [], []
    for X, y in data_iter:
        predictions.append(net(X).argmax(axis=1))
        labels.append(y)
    if not labels:
        raise ValueError("data_iter yielded no examples")
    return _count_correct(predictions, labels) / sum(y.shape[0] for y in labels)


Epoch = collections.namedtuple("Epoch", "epoch train_loss train_acc test_acc")


def train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size,
              params=None, lr=None, trainer=None, animate=False):
    """Train a classifier and print one line per epoch, as the book does.

    Either give ``params`` and ``lr`` (the parameters are updated with :func:`sgd`) or a Gluon
    ``trainer``. Losses and predictions stay on the device until the epoch ends, so the loop
    never waits for a result batch by batch. Returns the list of ``Epoch`` records
    (epoch, train_loss, train_acc, test_acc); the last one holds the final figures.

    With ``animate=True`` it also draws the train loss, train accuracy and test accuracy
    against the epoch, redrawn in place after every epoch (the ``d2l`` package's ``Animator``,
    as the book's second edition does), below the printed lines.

    Stops with ``FloatingPointError`` at the first epoch whose loss is not finite.
    """
    if trainer is None:
        if params is None or lr is None:
            raise ValueError("train_ch3 needs either params and lr (for sgd) or a trainer")
        lr = check_lr(lr)
    batch_size = check_batch_size(batch_size)
    if isinstance(num_epochs, bool) or not isinstance(num_epochs, numbers.Integral) or num_epochs < 1:
        raise ValueError(f"num_epochs must be a positive whole number, not {num_epochs!r}")
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
    history = []
    for epoch in range(1, num_epochs + 1):
        losses, predictions, labels = [], [], []
        for X, y in train_iter:
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y).sum()
            l.backward()
            if trainer is None:
                sgd(params, lr, batch_size)
            else:
                trainer.step(batch_size)
            losses.append(l)
            predictions.append(y_hat.argmax(axis=1))
            labels.append(y)
        n = sum(y.shape[0] for y in labels)
        record = Epoch(epoch, nd.add_n(*losses).asscalar() / n,
                       _count_correct(predictions, labels) / n, evaluate_accuracy(test_iter, net))
        history.append(record)
        print(f"epoch {epoch}, loss {record.train_loss:.4f}, train acc {record.train_acc:.3f}, "
              f"test acc {record.test_acc:.3f}")
        if figure is not None:
            figure.add(epoch, record[1:])
        if not math.isfinite(record.train_loss):
            hint = f"for example lr={lr / 10:g}" if trainer is None else "in the trainer"
            raise FloatingPointError(
                f"training diverged: the loss became {record.train_loss} in epoch {epoch}. "
                f"The steps are too large for this model; try a smaller learning rate ({hint})."
            )
    return history
