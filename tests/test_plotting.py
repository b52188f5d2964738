import numpy as np
import pytest
from matplotlib_inline import backend_inline
from mxnet import nd

import d2lhelpers as d2l


def test_semilogy_draws_two_curves_on_a_log_axis():
    d2l.plt.close("all")
    d2l.semilogy(range(1, 4), [1, 0.1, 0.01], "epochs", "loss", range(1, 4), [2, 0.2, 0.02],
                 ["train", "test"])
    ax = d2l.plt.gca()
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epochs" and len(ax.lines) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "test"]


def test_show_fashion_mnist_titles_each_image():
    d2l.plt.close("all")
    images = [nd.zeros((28, 28, 1)), nd.ones((1, 28, 28)).reshape((28, 28))]
    axes = d2l.show_fashion_mnist(images, ["coat", "bag"])
    assert [ax.get_title() for ax in axes] == ["coat", "bag"]
    assert axes[0].images[0].get_array().shape == (28, 28)


def test_show_images_handles_a_single_image_and_a_grid():
    d2l.plt.close("all")
    (ax,) = d2l.show_images([nd.zeros((28, 28, 1))], 1, 1, titles=["one"])
    assert ax.get_title() == "one"
    axes = d2l.show_images([np.zeros((4, 4))] * 5, 2, 3)
    assert len(axes) == 6 and sum(len(a.images) for a in axes) == 5


def test_display_formats(monkeypatch):
    import IPython

    chosen = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(backend_inline, "set_matplotlib_formats",
                        lambda *formats, **kw: chosen.append((formats, kw)))
    d2l.use_svg_display()
    assert chosen[-1] == (("svg",), {"metadata": {"Date": None}})
    assert d2l.plt.rcParams["svg.hashsalt"] == "d2l"
    d2l.plot(np.arange(3), np.arange(3))  # d2l's own plot follows the course's setting
    assert chosen[-1][0] == ("svg",)
    d2l.use_png_display()
    d2l.plot(np.arange(3), np.arange(3))
    assert chosen[-1][0] == ("retina",)


def test_show_fashion_mnist_takes_a_loader_batch_as_it_comes(real_data_dir):
    # The book's softmax chapter: for X, y in test_iter: break ... show_fashion_mnist(X[0:9], ...)
    d2l.plt.close("all")
    _, test_iter = d2l.load_data_fashion_mnist(256)
    X, y = next(iter(test_iter))
    assert X.shape == (256, 1, 28, 28)
    titles = d2l.get_fashion_mnist_labels(y)
    axes = d2l.show_fashion_mnist(X[0:9], titles[0:9])
    assert [ax.get_title() for ax in axes] == titles[0:9]
    for ax, image in zip(axes, X[0:9]):
        np.testing.assert_array_equal(ax.images[0].get_array(), image[0].asnumpy())
    # The same images without the channel axis, and as the dataset stores them (28, 28, 1)
    axes = d2l.show_fashion_mnist(X[0:9, 0], titles[0:9])
    np.testing.assert_array_equal(axes[8].images[0].get_array(), X[8, 0].asnumpy())
    images, labels = d2l.FashionMNIST(train=False)[0:9]
    axes = d2l.show_fashion_mnist(images, d2l.get_fashion_mnist_labels(labels))
    np.testing.assert_array_equal(axes[0].images[0].get_array(), images[0, :, :, 0].asnumpy())
    assert axes[0].get_title() == titles[0]


def test_show_fashion_mnist_names_a_wrong_shape():
    d2l.plt.close("all")
    with pytest.raises(ValueError, match=r"\(h, w\), \(h, w, 1\) or \(1, h, w\), not \(3, 28, 28\)"):
        d2l.show_fashion_mnist(nd.zeros((2, 3, 28, 28)), ["a", "b"])
