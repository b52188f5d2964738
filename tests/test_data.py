import os
import random

import mxnet as mx
import numpy as np
import pytest
from mxnet import gluon, nd
from mxnet.gluon.data.vision import transforms

import d2lhelpers as d2l


def test_synthetic_data_follows_the_model():
    mx.random.seed(1)
    w, b = nd.array([2, -3.4]), 4.2
    X, y = d2l.synthetic_data(w, b, 1000)
    assert X.shape == (1000, 2) and y.shape == (1000,)
    residual = (y - nd.dot(X, w) - b).asnumpy()
    assert 0.005 < residual.std() < 0.015 and abs(residual.mean()) < 0.002


def test_data_iter_visits_every_example_once_in_a_random_order():
    features, labels = nd.arange(23).reshape((23, 1)), nd.arange(23)
    random.seed(0)
    batches = list(d2l.data_iter(5, features, labels))
    assert [len(y) for _, y in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([y.asnumpy() for _, y in batches])
    assert sorted(seen) == list(range(23)) and list(seen) != list(range(23))
    for X, y in batches:
        np.testing.assert_array_equal(X.asnumpy()[:, 0], y.asnumpy())


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError), ("8", TypeError)])
def test_data_iter_rejects_a_bad_batch_size(bad, error):
    with pytest.raises(error, match="batch_size"):
        next(d2l.data_iter(bad, nd.zeros((4, 2)), nd.zeros(4)))


def test_data_iter_rejects_features_and_labels_of_different_lengths():
    with pytest.raises(ValueError, match="features and labels must have the same length, not 4 and 3"):
        next(d2l.data_iter(2, nd.zeros((4, 2)), nd.zeros(3)))


def test_text_labels():
    assert d2l.get_fashion_mnist_labels([0, 9, 5]) == ["t-shirt", "ankle boot", "sandal"]
    assert d2l.get_fashion_mnist_labels(nd.array([1, 2])) == ["trouser", "pullover"]
    with pytest.raises(ValueError, match="0 to 9, not 10"):
        d2l.get_fashion_mnist_labels([10])


def test_array_loader_batches_and_shuffles_every_pass():
    X = nd.arange(10 * 4).reshape((10, 1, 2, 2))
    y = nd.arange(10).astype("int32")
    loader = d2l.ArrayLoader(X, y, 4, shuffle=True)
    assert len(loader) == 3
    np.random.seed(0)
    first = [b.asnumpy() for _, b in loader]
    second = [b.asnumpy() for _, b in loader]
    assert [len(b) for b in first] == [4, 4, 2]
    assert sorted(np.concatenate(first)) == list(range(10))
    assert not all((a == b).all() for a, b in zip(first, second))  # a new order each pass
    for Xb, yb in loader:  # images stay with their labels
        np.testing.assert_array_equal(Xb.asnumpy()[:, 0, 0, 0], yb.asnumpy() * 4)
    in_order = [b.asnumpy() for _, b in d2l.ArrayLoader(X, y, 4)]
    assert np.concatenate(in_order).tolist() == list(range(10))


@pytest.mark.parametrize("where", ["MXNet", "NumPy"])
def test_array_loader_scales_each_batch_as_it_is_drawn(where):
    stored = np.arange(256 * 4, dtype=np.int64).reshape((256, 1, 2, 2)) % 256
    X = stored.astype(np.uint8)
    y = np.arange(256, dtype=np.int32)
    if where == "MXNet":
        X, y = nd.array(X, dtype=np.uint8), nd.array(y, dtype=np.int32)
    loader = d2l.ArrayLoader(X, y, 100, shuffle=True, scale=255)
    np.random.seed(0)
    batches = list(loader)
    assert [b.shape[0] for b, _ in batches] == [100, 100, 56]
    assert all(b.dtype == np.float32 and isinstance(b, nd.NDArray) for b, _ in batches)
    assert all(lab.dtype == np.int32 and isinstance(lab, nd.NDArray) for _, lab in batches)
    images = np.concatenate([b.asnumpy() for b, _ in batches])
    labels = np.concatenate([lab.asnumpy() for _, lab in batches])
    # each image still with its label, every value exactly what MXNet's division gives
    reference = (nd.array(stored, dtype=np.uint8).astype(np.float32) / 255).asnumpy()
    np.testing.assert_array_equal(images, reference[labels])
    assert sorted(labels) == list(range(256)) and list(labels) != list(range(256))
    assert X.dtype == np.uint8  # the stored examples are left as they are


def test_array_loader_resizes_and_checks_its_arguments():
    loader = d2l.ArrayLoader(nd.zeros((6, 1, 28, 28)), nd.zeros(6), 4, resize=(14, 7))
    assert next(iter(loader))[0].shape == (4, 1, 14, 7)
    with pytest.raises(ValueError, match="resize must be a positive int"):
        d2l.ArrayLoader(nd.zeros((6, 1, 28, 28)), nd.zeros(6), 4, resize=0)
    with pytest.raises(ValueError, match="X and y must have the same length"):
        d2l.ArrayLoader(nd.zeros((6, 1, 28, 28)), nd.zeros(5), 4)


# ------------------------------------------------------------- on the real dataset


def test_load_data_fashion_mnist_on_the_real_data(real_data_dir):
    train_iter, test_iter = d2l.load_data_fashion_mnist(256)
    assert (len(train_iter), len(test_iter)) == (235, 40)
    X, y = next(iter(train_iter))
    assert X.shape == (256, 1, 28, 28) and X.dtype == np.float32 and y.dtype == np.int32
    assert 0.0 <= X.min().asscalar() and X.max().asscalar() <= 1.0
    counts = np.zeros(10, int)
    for _, y in test_iter:
        counts += np.bincount(y.asnumpy(), minlength=10)
    assert counts.tolist() == [1000] * 10
    # The images stay bytes in memory; each batch is divided by 255 as it is drawn.
    assert train_iter.X.dtype == np.uint8 and train_iter.X.shape == (60000, 1, 28, 28)
    np.random.seed(3)
    order = np.random.permutation(60000)[:256]
    np.random.seed(3)
    X, y = next(iter(train_iter))
    stored = nd.array(train_iter.X[order], dtype=np.uint8)
    expected = stored.astype(np.float32) / 255  # as MXNet computes it, on the whole batch
    assert X.dtype == np.float32 and (X == expected).min().asscalar() == 1
    np.testing.assert_array_equal(y.asnumpy(), train_iter.y[order])
    resized, _ = d2l.load_data_fashion_mnist(32, resize=56)
    assert next(iter(resized))[0].shape == (32, 1, 56, 56)


def test_dataset_samples_are_gluons_and_feed_the_books_pipeline(real_data_dir):
    dataset = d2l.FashionMNIST(train=False)
    image, label = dataset[0]
    assert len(dataset) == 10000
    assert image.shape == (28, 28, 1) and image.dtype == np.uint8 and isinstance(image, nd.NDArray)
    assert isinstance(label, np.int32)
    loader = gluon.data.DataLoader(dataset.transform_first(transforms.ToTensor()), 100)
    X, y = next(iter(loader))
    assert X.shape == (100, 1, 28, 28) and X.dtype == np.float32
    _, test_iter = d2l.load_data_fashion_mnist(100)
    X2, y2 = next(iter(test_iter))  # unshuffled: the same first hundred, to the last bit
    np.testing.assert_array_equal(X.asnumpy(), X2.asnumpy())
    np.testing.assert_array_equal(y.asnumpy(), y2.asnumpy())


def test_a_dataset_transform_gets_each_image_and_label_as_in_gluon(real_data_dir):
    # Gluon's vision datasets call transform(image, label) on every sample they give.
    seen = []

    def transform(image, label):
        seen.append((image.shape, type(label)))
        return image.astype("float32") / 255, label + 100

    dataset = d2l.FashionMNIST(train=False, transform=transform)
    image, label = dataset[3]
    plain_image, plain_label = d2l.FashionMNIST(train=False)[3]
    assert seen == [((28, 28, 1), np.int32)]
    np.testing.assert_array_equal(image.asnumpy(), plain_image.asnumpy() / np.float32(255))
    assert label == plain_label + 100


def test_writing_into_a_dataset_changes_that_dataset_alone(real_data_dir):
    _, test_iter = d2l.load_data_fashion_mnist(100)
    first = next(iter(test_iter))[0].asnumpy()
    dataset = d2l.FashionMNIST(train=False)
    images, _ = dataset[:]  # a view of the dataset's images, as in Gluon
    images[:] = 0
    assert dataset[0][0].max().asscalar() == 0
    np.testing.assert_array_equal(next(iter(test_iter))[0].asnumpy(), first)
    fresh, _ = d2l.FashionMNIST(train=False)[:100]
    np.testing.assert_array_equal(fresh.asnumpy()[:, :, :, 0] / np.float32(255), first[:, 0])


def _resident_kib(array):
    """KiB of the memory mapping that holds ``array`` resident in this process (/proc/self/smaps)."""
    address = array.__array_interface__["data"][0]
    with open("/proc/self/smaps") as f:
        inside = False
        for line in f:
            first = line.split()[0]
            if "-" in first and not first.endswith(":"):
                start, end = (int(a, 16) for a in first.split("-"))
                inside = start <= address < end
            elif inside and first == "Rss:":
                return int(line.split()[1])
    raise AssertionError("no mapping holds the array")


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps"), reason="needs Linux's /proc")
def test_loaders_share_the_images_and_hold_none_between_passes(real_data_dir):
    train_iter, _ = d2l.load_data_fashion_mnist(256)
    other, _ = d2l.load_data_fashion_mnist(64, resize=32)
    assert np.shares_memory(train_iter.X, other.X)  # one copy of the images, however many loaders
    it = iter(train_iter)
    next(it)
    assert _resident_kib(train_iter.X) > 1000  # the first batch's images were read
    for _ in it:
        pass
    assert _resident_kib(train_iter.X) == 0  # the pass is over: its pages went back
