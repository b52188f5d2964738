import math
import os
import re

import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

import d2lhelpers as d2l


def test_linreg_and_squared_loss():
    X, w, b = nd.array([[1, 2], [3, 4]]), nd.array([[1], [-1]]), 0.5
    y_hat = d2l.linreg(X, w, b)
    np.testing.assert_allclose(y_hat.asnumpy().ravel(), [-0.5, -0.5])
    np.testing.assert_allclose(d2l.squared_loss(y_hat, nd.array([0.5, -2.5])).asnumpy().ravel(), [0.5, 2.0])
    with pytest.raises(ValueError, match="X has 3 features per example but w has 2 rows"):
        d2l.linreg(nd.zeros((2, 3)), w, b)
    with pytest.raises(ValueError, match="y_hat and y must hold as many values"):
        d2l.squared_loss(y_hat, nd.zeros(3))


def test_sgd_takes_one_step_in_place():
    w = nd.array([1.0, 2.0])
    w.attach_grad()
    with autograd.record():
        l = (w * w).sum()
    l.backward()  # grad = 2w
    d2l.sgd([w], lr=0.5, batch_size=2)
    np.testing.assert_allclose(w.asnumpy(), [0.5, 1.0])


@pytest.mark.parametrize("lr, error", [(0, ValueError), (-0.1, ValueError), (math.nan, ValueError),
                                       (math.inf, ValueError), ("0.1", TypeError), (None, TypeError)])
def test_sgd_rejects_a_bad_learning_rate(lr, error):
    w = nd.zeros(2)
    w.attach_grad()
    with pytest.raises(error, match="lr"):
        d2l.sgd([w], lr, 1)


def test_accuracy_and_evaluate_accuracy():
    y_hat = nd.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    y = nd.array([1, 0, 0, 0], dtype="int32")
    assert d2l.accuracy(y_hat, y) == 0.75
    batches = [(nd.array([[1, 0], [0, 1]]), nd.array([0, 0])), (nd.array([[0, 1]]), nd.array([1]))]
    assert d2l.evaluate_accuracy(batches, lambda X: X) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="no examples"):
        d2l.evaluate_accuracy([], lambda X: X)


def _blobs(n=600, seed=0):
    """Three separable clusters in 2-D, as an ArrayLoader."""
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 3, n)
    centers = np.array([[0, 4], [4, -2], [-4, -2]], np.float32)
    X = centers[y] + rng.normal(scale=0.5, size=(n, 2)).astype(np.float32)
    return d2l.ArrayLoader(nd.array(X), nd.array(y, dtype="int32"), 50, shuffle=True)


def test_train_ch3_learns_prints_and_returns_the_figures(capsys):
    np.random.seed(0)
    mx.random.seed(0)
    data = _blobs()
    net = nn.Dense(3)
    net.initialize(init.Normal(0.01))
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    history = d2l.train_ch3(net, data, data, gluon.loss.SoftmaxCrossEntropyLoss(), 3, 50,
                            trainer=trainer)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("epoch 1, loss ")
    assert [h.epoch for h in history] == [1, 2, 3]
    assert history[-1].train_loss < history[0].train_loss
    assert history[-1].test_acc > 0.95
    assert lines[-1] == (f"epoch 3, loss {history[-1].train_loss:.4f}, train acc "
                         f"{history[-1].train_acc:.3f}, test acc {history[-1].test_acc:.3f}")


def test_train_ch3_from_scratch_with_params_and_lr():
    np.random.seed(1)
    W, b = nd.random.normal(scale=0.01, shape=(2, 3)), nd.zeros(3)
    for p in (W, b):
        p.attach_grad()
    history = d2l.train_ch3(lambda X: nd.dot(X, W) + b, _blobs(), _blobs(seed=1),
                            gluon.loss.SoftmaxCrossEntropyLoss(), 2, 50, [W, b], 0.1)
    assert history[-1].test_acc > 0.95


def test_train_ch3_needs_params_and_lr_or_a_trainer():
    with pytest.raises(ValueError, match="either params and lr .* or a trainer"):
        d2l.train_ch3(nn.Dense(3), _blobs(), _blobs(), gluon.loss.L2Loss(), 1, 50)
    with pytest.raises(ValueError, match="num_epochs must be positive"):
        d2l.train_ch3(nn.Dense(3), _blobs(), _blobs(), gluon.loss.L2Loss(), 0, 50, [], 0.1)


def test_train_ch3_stops_when_training_diverges(capsys):
    np.random.seed(0)
    W, b = nd.random.normal(scale=0.01, shape=(2, 3)), nd.zeros(3)
    for p in (W, b):
        p.attach_grad()

    def net(X):  # a from-scratch softmax that overflows once the steps are huge
        e = (nd.dot(X, W) + b).exp()
        return e / e.sum(axis=1, keepdims=True)

    def cross_entropy(y_hat, y):
        return -nd.pick(y_hat, y).log()

    with pytest.raises(FloatingPointError, match=r"diverged.*epoch 1.*smaller learning rate \(for example lr=1e\+06\)"):
        d2l.train_ch3(net, _blobs(), _blobs(), cross_entropy, 5, 50, [W, b], 1e7)
    assert len(capsys.readouterr().out.splitlines()) == 1  # stopped after the first epoch


def _train_blobs(animate):
    np.random.seed(0)
    mx.random.seed(0)
    net = nn.Dense(3)
    net.initialize(init.Normal(0.01))
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    return d2l.train_ch3(net, _blobs(), _blobs(seed=1), gluon.loss.SoftmaxCrossEntropyLoss(), 3, 50,
                         trainer=trainer, animate=animate)


def test_train_ch3_animate_draws_the_three_curves_and_changes_nothing_else(capsys, tmp_path, monkeypatch):
    # Outside Jupyter, the d2l package's Animator makes an IPython shell, which keeps a profile.
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    d2l.plt.close("all")
    quiet = _train_blobs(animate=False)
    quiet_lines = capsys.readouterr().out
    assert d2l.plt.get_fignums() == []  # the default draws nothing
    drawn = _train_blobs(animate=True)
    assert capsys.readouterr().out == quiet_lines and drawn == quiet
    (ax,) = d2l.plt.gcf().axes
    assert ax.get_xlabel() == "epoch"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train loss", "train acc", "test acc"]
    for line, field in zip(ax.lines, ("train_loss", "train_acc", "test_acc")):
        assert list(line.get_xdata()) == [1, 2, 3]
        assert list(line.get_ydata()) == [getattr(e, field) for e in quiet]


NOTEBOOK_CELL = """\
import numpy as np, mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn
import d2lhelpers as d2l
np.random.seed(0)
X = nd.array(np.random.normal(size=(200, 2)).astype('float32'))
y = nd.array((X[:, 0] > 0).asnumpy(), dtype='int32')
data = d2l.ArrayLoader(X, y, 50, shuffle=True)
net = nn.Dense(2)
net.initialize(init.Normal(0.01))
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})
history = d2l.train_ch3(net, data, data, gluon.loss.SoftmaxCrossEntropyLoss(), 4, 50,
                        trainer=trainer, animate=True)
"""


@pytest.mark.integration
def test_train_ch3_animate_in_a_jupyter_kernel_keeps_the_lines_and_shows_one_png(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # the kernel's profile, not the user's

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(NOTEBOOK_CELL),
                nbformat.v4.new_code_cell("import matplotlib.pyplot as plt; plt.plot([0, 1]);")]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    streams = [o for o in outputs if o.output_type == "stream"]
    figures = [o for o in outputs if o.output_type == "display_data"]
    assert [o.output_type for o in outputs][0] == "display_data"  # the figure above the lines
    text = "".join(o.text for o in streams)
    assert [line.split(",")[0] for line in text.splitlines()] == [f"epoch {i}" for i in range(1, 5)]
    assert len(figures) == 1 and "image/png" in figures[0].data  # PNG, shown once, not twice
    assert [o.output_type for o in nb.cells[1].outputs] == ["display_data"]
    assert "image/png" in nb.cells[1].outputs[0].data  # the next figure is PNG too


# ------------------------------------------------ learner mistakes get a message that names them


def _labelled(labels, n_features=2, batch=4):
    """A loader over random features with the given labels."""
    X = nd.random.normal(shape=(len(labels), n_features))
    return d2l.ArrayLoader(X, nd.array(labels, dtype="int32"), batch)


def _dense(num_outputs):
    net = nn.Dense(num_outputs)
    net.initialize(init.Normal(0.01))
    return net, gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})


@pytest.mark.parametrize("labels, message", [
    ([0, 1, 2, 42], r"from 0 to 2 for a net with 3 outputs, but the first batch of train_iter has "
                    r"label 42\. If the data have 43 classes, give the net 43 outputs"),
    ([0, -3, 1, 2], r"but the first batch of train_iter has label -3\. A class index is never negative"),
])
def test_labels_outside_the_classes_are_named(labels, message, capsys):
    net, trainer = _dense(3)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    with pytest.raises(ValueError, match=message):
        d2l.train_ch3(net, _labelled(labels), _labelled(labels), loss, 1, 4, trainer=trainer)
    assert capsys.readouterr().out == ""  # stopped before an epoch was reported


def test_a_net_with_too_few_outputs_for_the_labels_is_named():
    # The book's cross-entropy with pick: five outputs for ten classes used to train silently.
    net, trainer = _dense(5)

    def cross_entropy(y_hat, y):
        return -nd.pick(nd.softmax(y_hat), y).log()

    data = _labelled(list(range(10)) * 2)
    with pytest.raises(ValueError, match=r"for a net with 5 outputs, .* has label 9\. If the data "
                                         r"have 10 classes, give the net 10 outputs \(for example "
                                         r"num_outputs = 10, or nn.Dense\(10\)\)"):
        d2l.train_ch3(net, data, data, cross_entropy, 1, 4, trainer=trainer)


def test_a_bad_label_after_the_first_batch_is_caught_at_the_end_of_the_epoch(capsys):
    net, trainer = _dense(3)
    data = _labelled([0, 1, 2, 0, 1, 2, 7, 0])
    with pytest.raises(ValueError, match="but epoch 1 of train_iter has label 7"):
        d2l.train_ch3(net, data, data, gluon.loss.SoftmaxCrossEntropyLoss(), 2, 4, trainer=trainer)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("make_output, shape", [
    (lambda Z: Z.sum(axis=1), "(4,)"),
    (lambda Z: Z.expand_dims(axis=2), "(4, 3, 1)"),
    (lambda Z: nd.concat(Z, Z, dim=0), "(8, 3)"),
])
def test_a_net_output_of_the_wrong_shape_is_named(make_output, shape):
    dense, trainer = _dense(3)
    data = _labelled([0, 1, 2, 0])
    with pytest.raises(ValueError, match=r"net\(X\) must give one row of class scores per example, "
                                         r"shape \(4, number of classes\), but for a batch X of "
                                         rf"shape \(4, 2\) it gave shape {re.escape(shape)}"):
        d2l.train_ch3(lambda X: make_output(dense(X)), data, data,
                      gluon.loss.SoftmaxCrossEntropyLoss(), 1, 4, trainer=trainer)


def test_an_empty_training_iterator_is_named():
    net, trainer = _dense(3)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    with pytest.raises(ValueError, match="train_iter yielded no batches in epoch 1"):
        d2l.train_ch3(net, [], _labelled([0, 1]), loss, 1, 4, trainer=trainer)
    # A generator runs dry after one pass: the second epoch finds it empty.
    X, y = nd.random.normal(shape=(8, 2)), nd.array([0, 1, 2, 0, 1, 2, 0, 1])
    with pytest.raises(ValueError, match="no batches in epoch 2.*generator.*can be read only once"):
        d2l.train_ch3(net, d2l.data_iter(4, X, y), _labelled([0, 1]), loss, 2, 4, trainer=trainer)


def _relu_mlp(lr, seed=0):
    np.random.seed(seed)
    mx.random.seed(seed)
    net = nn.Sequential()
    net.add(nn.Dense(64, activation="relu"), nn.Dense(3))
    net.initialize(init.Normal(0.01))
    return net, gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})


def test_chance_accuracy_with_a_huge_finite_loss_warns_to_lower_the_learning_rate():
    net, trainer = _relu_mlp(30)
    with pytest.warns(d2l.TrainingWarning) as caught:
        history = d2l.train_ch3(net, _blobs(), _blobs(seed=1), gluon.loss.SoftmaxCrossEntropyLoss(),
                                1, 50, trainer=trainer)
    assert math.isfinite(history[0].train_loss) and history[0].train_acc < 0.5
    (warning,) = [w for w in caught if issubclass(w.category, d2l.TrainingWarning)]  # only once
    assert re.search(r"epoch 1 ended at chance accuracy \(1 in 3\) with a loss of .*, far above the "
                     r"1\.10 of guessing.*try a smaller learning rate \(for example "
                     r"trainer\.set_learning_rate\(3\)\)", str(warning.message))


def test_no_warning_when_training_goes_well_or_merely_has_not_started(recwarn):
    net, trainer = _relu_mlp(0.5)
    d2l.train_ch3(net, _blobs(), _blobs(seed=1), gluon.loss.SoftmaxCrossEntropyLoss(), 2, 50,
                  trainer=trainer)
    # Labels that the features say nothing about: chance accuracy at the loss of guessing.
    rng = np.random.RandomState(0)
    noise = d2l.ArrayLoader(nd.array(rng.normal(size=(300, 2))), nd.array(rng.randint(0, 3, 300)), 50)
    net, trainer = _relu_mlp(0.01)
    history = d2l.train_ch3(net, noise, noise, gluon.loss.SoftmaxCrossEntropyLoss(), 1, 50,
                            trainer=trainer)
    assert history[0].train_acc < 0.5
    assert not [w for w in recwarn if issubclass(w.category, d2l.TrainingWarning)]


def test_a_batch_size_smaller_than_the_batches_is_the_hint_when_training_diverges():
    np.random.seed(0)
    W, b = nd.random.normal(scale=0.01, shape=(2, 3)), nd.zeros(3)
    for p in (W, b):
        p.attach_grad()

    def net(X):
        e = (nd.dot(X, W) + b).exp()
        return e / e.sum(axis=1, keepdims=True)

    def cross_entropy(y_hat, y):
        return -nd.pick(y_hat, y).log()

    # lr 0.5 is fine for batches of 50; told batch_size=1, sgd takes steps 50 times too large.
    with pytest.raises(FloatingPointError, match=r"given batch_size=1, but the batches hold 50 "
                                                 r"examples.*50 times too large\. Pass batch_size=50"):
        d2l.train_ch3(net, _blobs(), _blobs(), cross_entropy, 5, 1, [W, b], 0.5)


@pytest.mark.skipif(not os.path.exists("/proc/self/status") or
                    not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"),
                    reason="needs Linux with glibc")
def test_large_blocks_go_back_to_the_system_once_freed():
    """import d2lhelpers sets glibc's threshold: a freed block of 4 MB (say, a layer's
    activations on a whole test set) is returned, even after a larger block was freed, which by
    default would have made glibc keep blocks of that size."""
    def resident_kib():
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

    np.ones(2 << 20)  # 16 MB, freed at once
    before = resident_kib()
    block = np.ones(1 << 19)  # 4 MB
    later = np.ones(1 << 12)  # allocated after it, so the heap could not shrink past it
    del block
    assert resident_kib() - before < 1024, "the freed 4 MB were kept"
    assert later.sum() == 1 << 12
