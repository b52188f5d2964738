"""Data for the chapter: synthetic regression data, minibatches, and Fashion-MNIST for Gluon."""

import math
import random

import numpy as np
from mxnet import gluon, nd

from . import _checks, fashion_mnist

TEXT_LABELS = ("t-shirt", "trouser", "pullover", "dress", "coat",
               "sandal", "shirt", "sneaker", "bag", "ankle boot")


def synthetic_data(w, b, num_examples):
    """Features X ~ N(0, 1) of shape (num_examples, len(w)) and labels y = Xw + b + noise.

    The noise is N(0, 0.01^2); labels have shape (num_examples,).
    """
    num_examples = _checks.num_examples(num_examples)
    w = nd.array(w).reshape((-1,))
    X = nd.random.normal(scale=1, shape=(num_examples, w.shape[0]))
    y = nd.dot(X, w) + b
    y += nd.random.normal(scale=0.01, shape=y.shape)
    return X, y


def data_iter(batch_size, features, labels):
    """Yield (features, labels) minibatches of ``batch_size`` examples in a random order.

    The order comes from Python's ``random`` module, so ``random.seed`` fixes it. The last
    minibatch is smaller when the examples do not divide evenly.
    """
    batch_size = _checks.batch_size(batch_size)
    num_examples = len(features)
    _checks.same_length(num_examples, len(labels), ("features", "labels"))
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        j = nd.array(indices[i: i + batch_size], dtype="int64")
        yield features.take(j), labels.take(j)


def get_fashion_mnist_labels(labels):
    """Turn numeric Fashion-MNIST labels (ints or an NDArray) into their text names."""
    if isinstance(labels, nd.NDArray):
        labels = labels.asnumpy()
    names = []
    for label in np.asarray(labels).reshape(-1):
        index = int(label) if np.isfinite(label) else -1
        if index != label or not 0 <= index < len(TEXT_LABELS):
            raise ValueError(f"Fashion-MNIST labels are whole numbers 0 to 9, not {label}")
        names.append(TEXT_LABELS[index])
    return names


class FashionMNIST(gluon.data.Dataset):
    """Fashion-MNIST as Gluon's ``vision.FashionMNIST`` gives it, read from local files.

    Each sample is ``(image, label)``: image a (28, 28, 1) uint8 NDArray, label a numpy int32,
    so ``transform_first(transforms.ToTensor())`` and ``gluon.data.DataLoader`` work as in the
    book. The files are found, fetched and verified by :mod:`d2lhelpers.fashion_mnist`. The
    images are the decoded copy itself, mapped into memory: only the images read take memory,
    and writing into them changes this dataset alone (in memory, never the file).
    """

    def __init__(self, root=None, train=True, transform=None):
        images, labels = fashion_mnist.load_split("train" if train else "test", root, private=True)
        self._data = nd.from_numpy(images[:, :, :, None], zero_copy=True)
        self._label = labels.astype(np.int32)
        self._transform = transform

    def __getitem__(self, idx):
        if self._transform is not None:
            return self._transform(self._data[idx], self._label[idx])
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)


class ArrayLoader:
    """Minibatches over arrays already in memory, like a DataLoader with ``last_batch='keep'``.

    ``X`` (N, C, H, W) and ``y`` (N,) are the examples and labels: two NDArrays, or two NumPy
    arrays (then each batch is copied into MXNet as it is drawn). Each pass draws a new order
    with ``np.random`` (when ``shuffle``) and gathers every batch with one indexing operation,
    so no Python code runs per example. With ``scale``, each batch of ``X`` is converted to
    float32 and divided by ``scale`` as it is drawn, so images can stay in memory as bytes, a
    quarter of their float32 size. ``resize`` (an int or (height, width)) then resizes each
    batch bilinearly.
    """

    def __init__(self, X, y, batch_size, shuffle=False, resize=None, scale=None):
        self.batch_size = _checks.batch_size(batch_size)
        _checks.same_length(X.shape[0], y.shape[0], ("X", "y"))
        self.resize = _checks.resize(resize)
        if self.resize is not None and len(X.shape) == 4:
            _checks.batch_fits(self.batch_size, (X.shape[1],) + self.resize)
        self.X, self.y, self.shuffle, self.scale = X, y, shuffle, scale

    def __len__(self):
        return math.ceil(self.X.shape[0] / self.batch_size)

    def __iter__(self):
        n = self.X.shape[0]
        on_host = isinstance(self.X, np.ndarray)
        order = np.random.permutation(n) if self.shuffle else None
        if order is not None and not on_host:
            order = nd.array(order, dtype="int64")
        for start in range(0, n, self.batch_size):
            stop = min(start + self.batch_size, n)
            if order is None:
                X, y = self.X[start:stop], self.y[start:stop]
            elif on_host:
                idx = order[start:stop]
                X, y = self.X[idx], self.y[idx]
            else:
                idx = order[start:stop]  # a view: no copy, no new array per batch
                X, y = self.X.take(idx), self.y.take(idx)
            if on_host:
                X, y = _to_mxnet(X, self.scale), _to_mxnet(y)
            elif self.scale is not None:
                X = X.astype("float32")
                X /= self.scale
            if self.resize is not None:
                X = nd.contrib.BilinearResize2D(X, height=self.resize[0], width=self.resize[1])
            yield X, y


class _MappedLoader(ArrayLoader):
    """An ArrayLoader over the store's shared mapping of the images. After each full pass the
    pages it read go back to the operating system, so a loader that is not in use holds no
    memory; the next pass reads them again from the system's file cache."""

    def __iter__(self):
        yield from super().__iter__()
        fashion_mnist.release(self.X)


def _to_mxnet(array, scale=None):
    """A fresh copy of a NumPy batch as an NDArray, divided by ``scale`` (as float32) if given.

    NumPy converts bytes to floats several times faster than MXNet's ``astype``, with the same
    result to the last bit. The NDArray then shares the fresh copy's memory (``from_numpy``):
    ``nd.array`` would copy it again and wait for MXNet's queue on every batch.
    """
    if scale is None:
        array = np.array(array, copy=True, order="C")
    else:
        array = np.divide(array, np.float32(scale), dtype=np.float32)
    return nd.from_numpy(array, zero_copy=True)


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    """Fashion-MNIST minibatches: ``(train_iter, test_iter)``.

    Each yields ``X`` of shape (batch, 1, 28, 28) float32 in [0, 1] (or the ``resize`` shape)
    and ``y`` int32 labels, like the book's ``DataLoader`` over ``ToTensor()`` images; the
    training set is reshuffled on every pass. ``len()`` gives the number of batches (235 and
    40 at batch size 256). The data are found, fetched if missing, verified and decoded once;
    ``root`` is a folder that holds the four files. The images stay bytes (55 MB for both
    splits, where float32 would take 220 MB), in the store's one mapping of the decoded copy,
    which every loader of the process shares; each batch is divided by 255 as it is drawn,
    which gives exactly the floats ``ToTensor()`` gives. Between passes a loader holds none of
    the images in memory.
    """
    batch_size = _checks.batch_size(batch_size)
    resize = _checks.resize(resize)
    if resize is not None:
        _checks.batch_fits(batch_size, (1,) + resize)
    arrays = fashion_mnist.load(config=fashion_mnist.Config.from_env(root)).arrays
    loaders = []
    for split, shuffle in (("train", True), ("test", False)):
        images, labels = arrays[split]
        X, y = images[:, None, :, :], labels.astype(np.int32)
        loaders.append(_MappedLoader(X, y, batch_size, shuffle=shuffle, resize=resize, scale=255))
    return tuple(loaders)
