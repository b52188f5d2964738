"""The first edition's chapter 3, called as the book calls it, with ``import d2lhelpers as d2l``
in place of ``import d2lzh as d2l``: the names, the argument order and the module names the
book reaches through the package. The Fashion-MNIST parts run on the loader's real batches."""

import random

import matplotlib
import mxnet as mx
import numpy
import pytest
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import data as gdata, loss as gloss, nn

import d2lhelpers as d2l


def test_the_modules_the_book_reaches_through_the_package():
    from matplotlib import pyplot

    assert d2l.plt is pyplot and d2l.np is numpy  # d2l.np is NumPy, not mxnet.np
    assert d2l.nd is nd and d2l.mx is mx and d2l.gluon is gluon and d2l.autograd is autograd
    assert d2l.init is init and d2l.nn is nn and d2l.gdata is gdata and d2l.gloss is gloss


def test_linear_regression_from_scratch_as_in_section_3_2():
    mx.random.seed(0)
    random.seed(0)
    num_inputs, num_examples = 2, 1000
    true_w, true_b = [2, -3.4], 4.2
    features = nd.random.normal(scale=1, shape=(num_examples, num_inputs))
    labels = true_w[0] * features[:, 0] + true_w[1] * features[:, 1] + true_b
    labels += nd.random.normal(scale=0.01, shape=labels.shape)

    d2l.plt.close("all")
    d2l.set_figsize()
    assert tuple(matplotlib.rcParams["figure.figsize"]) == (3.5, 2.5)
    d2l.plt.scatter(features[:, 1].asnumpy(), labels.asnumpy(), 1)
    assert len(d2l.plt.gca().collections) == 1

    batch_size = 10
    w = nd.random.normal(scale=0.01, shape=(num_inputs, 1))
    b = nd.zeros(shape=(1,))
    w.attach_grad()
    b.attach_grad()
    lr, num_epochs = 0.03, 3
    net, loss = d2l.linreg, d2l.squared_loss
    for _ in range(num_epochs):
        for X, y in d2l.data_iter(batch_size, features, labels):
            with autograd.record():
                l = loss(net(X, w, b), y)
            l.backward()
            d2l.sgd([w, b], lr, batch_size)
    train_l = loss(net(features, w, b), labels)
    assert train_l.mean().asscalar() < 1e-4
    numpy.testing.assert_allclose(w.asnumpy().ravel(), true_w, atol=0.01)
    assert abs(b.asscalar() - true_b) < 0.01


def test_fashion_mnist_as_in_section_3_5(real_data_dir):
    mnist_train = d2l.FashionMNIST(train=True)  # the book: gdata.vision.FashionMNIST(train=True)
    feature, label = mnist_train[0]
    assert feature.shape == (28, 28, 1) and feature.dtype == numpy.uint8
    assert d2l.get_fashion_mnist_labels([label]) == ["ankle boot"]
    d2l.use_svg_display()
    try:
        X, y = mnist_train[0:9]
        d2l.plt.close("all")
        d2l.show_fashion_mnist(X, d2l.get_fashion_mnist_labels(y))
        titles = [ax.get_title() for ax in d2l.plt.gcf().axes]
        assert titles == d2l.get_fashion_mnist_labels(y) and len(titles) == 9
    finally:
        d2l.use_png_display()


@pytest.fixture(scope="module")
def fashion_mnist_256(real_data_dir):
    batch_size = 256
    return d2l.load_data_fashion_mnist(batch_size)


def test_softmax_regression_from_scratch_as_in_section_3_6(fashion_mnist_256, capsys):
    train_iter, test_iter = fashion_mnist_256
    batch_size, num_inputs, num_outputs = 256, 784, 10
    mx.random.seed(0)
    numpy.random.seed(0)
    W = nd.random.normal(scale=0.01, shape=(num_inputs, num_outputs))
    b = nd.zeros(num_outputs)
    W.attach_grad()
    b.attach_grad()

    def softmax(X):
        X_exp = X.exp()
        return X_exp / X_exp.sum(axis=1, keepdims=True)

    def net(X):
        return softmax(nd.dot(X.reshape((-1, num_inputs)), W) + b)

    def cross_entropy(y_hat, y):
        return -nd.pick(y_hat, y).log()

    assert 0.02 < d2l.evaluate_accuracy(test_iter, net) < 0.25  # untrained: about 1 in 10
    num_epochs, lr = 1, 0.1
    d2l.train_ch3(net, train_iter, test_iter, cross_entropy, num_epochs, batch_size, [W, b], lr)
    line = capsys.readouterr().out
    assert line.startswith("epoch 1, loss ") and ", train acc " in line and ", test acc " in line
    assert d2l.evaluate_accuracy(test_iter, net) > 0.7

    for X, y in test_iter:
        break
    true_labels = d2l.get_fashion_mnist_labels(y.asnumpy())
    pred_labels = d2l.get_fashion_mnist_labels(net(X).argmax(axis=1).asnumpy())
    titles = [true + "\n" + pred for true, pred in zip(true_labels, pred_labels)]
    d2l.plt.close("all")
    d2l.show_fashion_mnist(X[0:9], titles[0:9])
    assert [ax.get_title() for ax in d2l.plt.gcf().axes] == titles[0:9]


def test_softmax_regression_with_gluon_as_in_section_3_7(fashion_mnist_256, capsys):
    train_iter, test_iter = fashion_mnist_256
    batch_size = 256
    mx.random.seed(0)
    numpy.random.seed(0)
    net = nn.Sequential()
    net.add(nn.Dense(10))
    net.initialize(init.Normal(sigma=0.01))
    loss = gloss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    num_epochs = 1
    d2l.train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size, None, None, trainer)
    assert capsys.readouterr().out.startswith("epoch 1, loss ")
    # evaluate_accuracy(data_iter, net, ctx), the data first; ctx as the later chapters pass it
    cpu = d2l.evaluate_accuracy(test_iter, net)
    assert cpu > 0.7
    assert d2l.evaluate_accuracy(test_iter, net, [mx.cpu()]) == cpu
    assert d2l.evaluate_accuracy(test_iter, net, ctx=d2l.try_gpu()) == cpu


def test_semilogy_as_in_section_3_11():
    num_epochs = 5
    train_ls = [1.0, 0.5, 0.2, 0.1, 0.05]
    test_ls = [1.1, 0.6, 0.3, 0.2, 0.15]
    d2l.plt.close("all")
    d2l.semilogy(range(1, num_epochs + 1), train_ls, "epochs", "loss",
                 range(1, num_epochs + 1), test_ls, ["train", "test"])
    ax = d2l.plt.gca()
    assert ax.get_yscale() == "log" and (ax.get_xlabel(), ax.get_ylabel()) == ("epochs", "loss")
    assert [list(line.get_ydata()) for line in ax.lines] == [train_ls, test_ls]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "test"]
    # one curve only, as in the weight-decay section's norm plot
    d2l.plt.close("all")
    d2l.semilogy(range(1, 4), [3, 2, 1], "epochs", "norm", figsize=(5, 3))
    assert len(d2l.plt.gca().lines) == 1 and tuple(d2l.plt.gcf().get_size_inches()) == (5, 3)


def test_try_gpu_and_try_all_gpus_give_contexts_arrays_can_live_on():
    ctx = d2l.try_gpu()
    assert isinstance(ctx, mx.Context)
    assert nd.array([1, 2], ctx=ctx).sum().asscalar() == 3
    ctxes = d2l.try_all_gpus()
    assert ctxes and all(isinstance(c, mx.Context) for c in ctxes)
    if mx.context.num_gpus() == 0:
        assert ctx == mx.cpu() and ctxes == [mx.cpu()]
