import numpy as np
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
