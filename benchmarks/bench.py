"""Speed of the course's data pipeline against the book's, on the same data and models.

    make bench            (or: .venv/bin/python benchmarks/bench.py --epochs 3)

For softmax regression (Dense(10), batch 256, lr 0.1) and the MLP (784-256-10, lr 0.5), it
trains each model two ways and prints seconds per epoch:

* course:    d2lhelpers.load_data_fashion_mnist + d2lhelpers.train_ch3;
* reference: the book's pipeline rebuilt faithfully: a Gluon dataset with
  transform_first(ToTensor()), gluon.data.DataLoader(shuffle=True, num_workers=4), and a
  training loop that reads the loss and the accuracy back with asscalar() every batch.
  (The dataset is d2lhelpers.FashionMNIST, whose samples are exactly those of Gluon's
  vision.FashionMNIST; Gluon's own class would try to download here, see README.)

"Compute alone" is the floor under both: the model's forward, backward and update steps for
one epoch on a batch already in memory, with no data pipeline and nothing read back.

It also prints how long the data take to get into memory (first use, with an empty cache, and
cached) and the peak memory of this process and of the loader's worker processes.
"""

import argparse
import gc
import os
import platform
import resource
import shutil
import tempfile
import time

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn
from mxnet.gluon.data.vision import transforms

import d2lhelpers as d2l
from d2lhelpers import fashion_mnist

BATCH = 256


def softmax_net():
    net = nn.Sequential()
    net.add(nn.Dense(10))
    return net, 0.1


def mlp_net():
    net = nn.Sequential()
    net.add(nn.Dense(256, activation="relu"), nn.Dense(10))
    return net, 0.5


def make(build):
    mx.random.seed(0)
    net, lr = build()
    net.initialize(init.Normal(sigma=0.01))
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    return net, trainer


def reference_iters():
    to_tensor = transforms.ToTensor()
    train = d2l.FashionMNIST(train=True).transform_first(to_tensor)
    test = d2l.FashionMNIST(train=False).transform_first(to_tensor)
    return (gluon.data.DataLoader(train, BATCH, shuffle=True, num_workers=4),
            gluon.data.DataLoader(test, BATCH, shuffle=False, num_workers=4))


def reference_train(net, trainer, train_iter, test_iter, epochs):
    """The book's classic loop: the loss and the accuracy read back every batch."""
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        loss_sum, acc_sum, n = 0.0, 0.0, 0
        for X, y in train_iter:
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y).sum()
            l.backward()
            trainer.step(BATCH)
            y = y.astype("float32")
            loss_sum += l.asscalar()
            acc_sum += (y_hat.argmax(axis=1) == y).sum().asscalar()
            n += y.size
        correct, m = 0.0, 0
        for X, y in test_iter:
            correct += (net(X).argmax(axis=1) == y.astype("float32")).sum().asscalar()
            m += y.size
        times.append(time.perf_counter() - start)
    return times, correct / m


def course_train(net, trainer, train_iter, test_iter, epochs):
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        history = d2l.train_ch3(net, train_iter, test_iter, loss, 1, BATCH, trainer=trainer)
        times.append(time.perf_counter() - start)
    return times, history[-1].test_acc


def timed_load():
    """Seconds until load_data_fashion_mnist returns, and until its float32 arrays are ready.

    It returns once the bytes are in MXNet; the conversion to float32 goes on in the
    background, overlapping whatever the caller does next, until the first batch needs it.
    """
    start = time.perf_counter()
    d2l.load_data_fashion_mnist(BATCH)
    returned = time.perf_counter() - start
    nd.waitall()
    return returned, time.perf_counter() - start


def compute_floor(build, train_iter, epochs):
    """Seconds per epoch of the model's arithmetic alone: as many forward, backward and update
    steps as an epoch has batches, all on one batch already in memory, with nothing read back.
    No data pipeline can make an epoch faster than this."""
    net, trainer = make(build)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    X, y = next(iter(train_iter))
    times = []
    for _ in range(epochs):
        nd.waitall()
        start = time.perf_counter()
        for _ in range(len(train_iter)):
            with autograd.record():
                l = loss(net(X), y).sum()
            l.backward()
            trainer.step(BATCH)
        nd.waitall()
        times.append(time.perf_counter() - start)
    return times


def data_load_times():
    """(returned, ready) seconds for both splits: first use (empty cache), then cached."""
    saved = os.environ.get("XDG_CACHE_HOME")
    scratch = tempfile.mkdtemp()
    try:
        os.environ["XDG_CACHE_HOME"] = scratch
        first = timed_load()
        cached = timed_load()
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
        shutil.rmtree(scratch, ignore_errors=True)
    return first, cached


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3, help="epochs per model and pipeline")
    args = parser.parse_args()
    fashion_mnist.fetch()
    np.random.seed(0)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"MXNet {mx.__version__}; {args.epochs} epochs each, the first included\n")
    first, cached = data_load_times()
    print(f"Fashion-MNIST into memory, first use (decode, verify, cache): returns after {first[0]:.2f} s, "
          f"float32 ready after {first[1]:.2f} s")
    print(f"Fashion-MNIST into memory, cached: returns after {cached[0]:.2f} s, "
          f"float32 ready after {cached[1]:.2f} s\n")

    course_iters = d2l.load_data_fashion_mnist(BATCH)
    ref_iters = reference_iters()
    rows = []
    for name, build in (("softmax regression", softmax_net), ("MLP 784-256-10", mlp_net)):
        ref_times, ref_acc = reference_train(*make(build), *ref_iters, args.epochs)
        course_times, course_acc = course_train(*make(build), *course_iters, args.epochs)
        floor_times = compute_floor(build, course_iters[0], args.epochs)
        rows.append((name, np.mean(course_times), np.mean(ref_times), course_acc, ref_acc,
                     np.mean(floor_times)))
    del ref_iters  # ends the loader's worker processes, so their peak memory is counted
    gc.collect()

    print("\n| model | course s/epoch | reference s/epoch | course/reference | test acc course "
          "| test acc reference | compute alone s/epoch | compute alone/reference |")
    print("|---|---|---|---|---|---|---|---|")
    for name, course, ref, course_acc, ref_acc, floor in rows:
        print(f"| {name} | {course:.3f} | {ref:.3f} | {course / ref:.3f} | {course_acc:.3f} "
              f"| {ref_acc:.3f} | {floor:.3f} | {floor / ref:.3f} |")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory (max resident set): {own:.0f} MiB this process, "
          f"{workers:.0f} MiB the largest of the reference loader's worker processes")
    print("targets: softmax course/reference <= 0.100, MLP <= 0.200")


if __name__ == "__main__":
    main()
