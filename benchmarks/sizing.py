"""How many learners one machine holds: N kernels training notebook 09's network at once.

    python benchmarks/sizing.py [--learners 1 2 4 8] [--epochs 2]      (make sizing)

Each learner is a Python process doing what a kernel running notebook 09 does: import MXNet and
the course's helpers, load Fashion-MNIST with the course's loader, and train the 784-256-10
MLP from scratch (lr 0.5, batch 256) with `train_ch3`. All N start together. For each N the
table shows the median seconds per epoch (the last epoch, after the start-up has settled) and
the largest peak memory of one learner's process, first with one compute thread per kernel
(OMP_NUM_THREADS=1, MXNET_CPU_WORKER_NTHREADS=1, MXNET_ENGINE_TYPE left as is), then with the
libraries' defaults (as many threads as cores in every kernel).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

WORKER = r"""
import json, resource, sys, time
import mxnet as mx
from mxnet import gluon, nd
import d2lhelpers as d2l

start_at, epochs = float(sys.argv[1]), int(sys.argv[2])
mx.random.seed(42)
train_iter, test_iter = d2l.load_data_fashion_mnist(256)
W1 = nd.random.normal(scale=0.01, shape=(784, 256)); b1 = nd.zeros(256)
W2 = nd.random.normal(scale=0.01, shape=(256, 10)); b2 = nd.zeros(10)
params = [W1, b1, W2, b2]
for p in params:
    p.attach_grad()
def net(X):
    H = nd.relu(nd.dot(X.reshape((-1, 784)), W1) + b1)
    return nd.dot(H, W2) + b2
while time.time() < start_at:   # every learner starts training at the same moment
    time.sleep(0.01)
times = []
for _ in range(epochs):
    t = time.perf_counter()
    history = d2l.train_ch3(net, train_iter, test_iter, gluon.loss.SoftmaxCrossEntropyLoss(), 1,
                            256, params, 0.5)
    times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
print(json.dumps({"epochs": times, "peak_mib": peak, "test_acc": history[-1].test_acc}))
"""

ONE_THREAD = {"OMP_NUM_THREADS": "1", "MXNET_CPU_WORKER_NTHREADS": "1", "MKL_NUM_THREADS": "1",
              "OPENBLAS_NUM_THREADS": "1"}


def run(learners, epochs, threads):
    env = dict(os.environ)
    for var in ONE_THREAD:
        env.pop(var, None)
    if threads == 1:
        env.update(ONE_THREAD)
    start_at = time.time() + 15 + 2 * learners  # time for every process to import and load
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(start_at), str(epochs)], env=env,
                              stdout=subprocess.PIPE, text=True) for _ in range(learners)]
    results = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"a learner's process failed (exit {proc.returncode})")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make sizing", description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores; notebook 09's MLP, {args.epochs} epochs per learner\n")
    print("| threads per kernel | learners at once | s per epoch (median) | slowest | peak MiB per learner |")
    print("|---|---|---|---|---|")
    for threads, label in ((1, "1"), (0, "library default")):
        for n in args.learners:
            results = run(n, args.epochs, threads)
            last = [r["epochs"][-1] for r in results]
            assert all(r["test_acc"] > 0.7 for r in results), results  # they really trained
            print(f"| {label} | {n} | {statistics.median(last):.2f} | {max(last):.2f} | "
                  f"{max(r['peak_mib'] for r in results):.0f} |", flush=True)


if __name__ == "__main__":
    main()
