"""Every argument a public helper checks, checked: a bad value raises before any work is done,
with a message that names the argument. One rule for the exception: TypeError for an argument
of the wrong kind, ValueError for one of the right kind with an impossible value. None of these
needs the dataset."""

import pytest
from mxnet import nd

import d2lhelpers as d2l

BAD_BATCH_SIZES = [(0, ValueError), (-3, ValueError), (2.5, TypeError), (True, TypeError),
                   ("256", TypeError)]
BAD_RESIZES = [(0, ValueError), (-28, ValueError), ((28,), ValueError), ((28, 28, 3), ValueError),
               ((0, 5), ValueError), (True, TypeError), ((True, 28), TypeError), (2.5, TypeError),
               ("28", TypeError), ((28.0, 28), TypeError)]


@pytest.mark.parametrize("bad, error", BAD_BATCH_SIZES)
def test_load_data_fashion_mnist_rejects_a_bad_batch_size_before_reading(bad, error, tmp_path):
    # root is an empty folder: the argument must be refused before any file is looked for.
    with pytest.raises(error, match="batch_size"):
        d2l.load_data_fashion_mnist(bad, root=tmp_path)


@pytest.mark.parametrize("bad, error", BAD_RESIZES)
def test_load_data_fashion_mnist_rejects_a_bad_resize_before_reading(bad, error, tmp_path):
    with pytest.raises(error, match="resize must be a positive int or"):
        d2l.load_data_fashion_mnist(256, resize=bad, root=tmp_path)


@pytest.mark.parametrize("resize, batch_size, message", [
    (5000, 256, "resize=5000 is too large: each side can be at most 1024 pixels"),
    ((28, 100000), 1, "resize=.28, 100000. is too large"),
    (1024, 4096, "a batch of 4096 images of shape .1, 1024, 1024. has 4,294,967,296 values, "
                 "more than MXNet can hold"),
])
def test_load_data_fashion_mnist_bounds_the_resize(resize, batch_size, message, tmp_path):
    # MXNet would fail on the first batch ("build with USE_INT64_TENSOR_SIZE"), or quietly
    # allocate gigabytes per batch.
    with pytest.raises(ValueError, match=message):
        d2l.load_data_fashion_mnist(batch_size, resize=resize, root=tmp_path)


@pytest.mark.parametrize("bad, error", BAD_BATCH_SIZES)
def test_array_loader_rejects_a_bad_batch_size(bad, error):
    with pytest.raises(error, match="batch_size"):
        d2l.ArrayLoader(nd.zeros((4, 1, 2, 2)), nd.zeros(4), bad)


@pytest.mark.parametrize("bad, error", BAD_RESIZES)
def test_array_loader_rejects_a_bad_resize(bad, error):
    with pytest.raises(error, match="resize"):
        d2l.ArrayLoader(nd.zeros((4, 1, 2, 2)), nd.zeros(4), 2, resize=bad)


@pytest.mark.parametrize("bad, error", BAD_BATCH_SIZES)
def test_sgd_rejects_a_bad_batch_size_and_leaves_the_parameters(bad, error):
    w = nd.ones(3)
    w.attach_grad()
    with pytest.raises(error, match="batch_size"):
        d2l.sgd([w], 0.1, bad)
    assert w.asnumpy().tolist() == [1, 1, 1]


def _tiny_problem():
    X, y = nd.random.normal(shape=(8, 3)), nd.array([0, 1] * 4)
    W, b = nd.zeros((3, 2)), nd.zeros(2)
    for p in (W, b):
        p.attach_grad()

    def net(X):
        return nd.dot(X, W) + b

    def loss(y_hat, y):
        return -nd.pick(nd.log_softmax(y_hat), y)

    loader = d2l.ArrayLoader(X, y, 4)
    return net, loader, loss, [W, b]


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-0.1, ValueError), (float("nan"), ValueError),
                                        (float("inf"), ValueError), ("0.1", TypeError)])
def test_train_ch3_rejects_a_bad_learning_rate(bad, error, capsys):
    net, loader, loss, params = _tiny_problem()
    with pytest.raises(error, match="lr"):
        d2l.train_ch3(net, loader, loader, loss, 1, 4, params, bad)
    assert capsys.readouterr().out == ""  # refused before the first epoch


@pytest.mark.parametrize("bad, error", BAD_BATCH_SIZES)
def test_train_ch3_rejects_a_bad_batch_size(bad, error):
    net, loader, loss, params = _tiny_problem()
    with pytest.raises(error, match="batch_size"):
        d2l.train_ch3(net, loader, loader, loss, 1, bad, params, 0.1)


@pytest.mark.parametrize("bad, error, message", [
    (0, ValueError, "num_epochs must be positive, not 0"),
    (-1, ValueError, "num_epochs must be positive, not -1"),
    (2.5, TypeError, r"num_epochs must be a whole number, not float \(2.5\)"),
    (True, TypeError, "num_epochs must be a whole number, not bool"),
    ("5", TypeError, "num_epochs must be a whole number, not str"),
])
def test_train_ch3_rejects_a_bad_number_of_epochs(bad, error, message, capsys):
    net, loader, loss, params = _tiny_problem()
    with pytest.raises(error, match=message):
        d2l.train_ch3(net, loader, loader, loss, bad, 4, params, 0.1)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("bad, error", [(-5, ValueError), (0, ValueError), (2.5, TypeError),
                                        ("10", TypeError)])
def test_synthetic_data_rejects_a_bad_number_of_examples(bad, error):
    with pytest.raises(error, match="num_examples must be"):
        d2l.synthetic_data(nd.array([2, -3.4]), 4.2, bad)


def test_a_parameter_without_attach_grad_is_named(capsys):
    # MXNet's own messages: "unsupported operand type(s) for *: 'float' and 'NoneType'" from
    # sgd, and "set is_recording to true or use autograd.record()" from backward.
    net, loader, loss, (W, b) = _tiny_problem()
    fresh = nd.zeros(2)
    with pytest.raises(ValueError, match=r"params\[1\] \(shape \(2,\)\) has no gradient: "
                                         r"call attach_grad\(\)"):
        d2l.train_ch3(net, loader, loader, loss, 1, 4, [W, fresh], 0.1)
    assert capsys.readouterr().out == ""
    W_before = W.asnumpy()
    with pytest.raises(ValueError, match=r"params\[0\] .* has no gradient"):
        d2l.sgd([fresh, W], 0.1, 4)
    assert (W.asnumpy() == W_before).all()


def test_evaluate_accuracy_names_the_second_editions_order():
    net, loader, _, _ = _tiny_problem()
    assert 0 <= d2l.evaluate_accuracy(loader, net) <= 1
    with pytest.raises(TypeError, match=r"data first, then the net: evaluate_accuracy\(data_iter, net\)"):
        d2l.evaluate_accuracy(net, loader)


@pytest.mark.parametrize("bad", [2.5, -1, 10, float("nan")])
def test_get_fashion_mnist_labels_names_the_bad_label(bad):
    with pytest.raises(ValueError, match="whole numbers 0 to 9, not"):
        d2l.get_fashion_mnist_labels([0, bad])


def test_text_labels_are_the_ten_classes_in_label_order():
    assert len(d2l.TEXT_LABELS) == 10
    assert d2l.TEXT_LABELS[0] == "t-shirt" and d2l.TEXT_LABELS[9] == "ankle boot"
    assert d2l.get_fashion_mnist_labels(range(10)) == list(d2l.TEXT_LABELS)


def test_names_from_the_d2l_package_are_the_packages_own():
    from d2l import mxnet as package

    from d2lhelpers import book

    assert sorted(d2l._FROM_BOOK) == sorted(book.__all__)
    assert d2l.Animator is package.Animator and d2l.Timer is package.Timer
    assert d2l.set_axes is package.set_axes
    assert d2l.Timer().stop() >= 0


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'train_ch99'"):
        d2l.train_ch99
