"""Fixtures for the unit tests: small IDX files the tests write, and isolated data folders."""

import gzip

import numpy as np
import pytest

import matplotlib

# Only this process draws off-screen; setting MPLBACKEND instead would leak into the notebook
# kernels that nbval starts from the same worker.
matplotlib.use("Agg")


def idx_bytes(magic, array):
    """The IDX encoding of a uint8 array: big-endian magic, then each dimension, then the data."""
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_idx(path, magic, array):
    with gzip.open(path, "wb") as f:
        f.write(idx_bytes(magic, array))
    return path


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No dataset anywhere: every place the helpers look or cache points into tmp_path."""
    for var in ("D2L_DATA_DIR", "MXNET_GLUON_REPO", "D2L_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MXNET_HOME", str(tmp_path / "mxnet-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("d2lhelpers.fashion_mnist.DEBIAN_DIR", str(tmp_path / "no-debian"))
    return tmp_path


@pytest.fixture(scope="session")
def real_data_dir():
    """The folder that holds the real Fashion-MNIST files (the Debian package, in CI)."""
    from d2lhelpers import fashion_mnist

    folder = fashion_mnist.locate()
    assert folder is not None, fashion_mnist.remedies()
    return folder
