"""Fixtures for the unit tests: isolated data folders, and private copies of the real data.

No test writes outside its temporary folder: the real data are copied, never linked, and every
store the tests build keeps ``/usr`` among the folders it must never write to.
"""

import os
import shutil

import pytest

import matplotlib

# Only this process draws off-screen; setting MPLBACKEND instead would leak into the notebook
# kernels that nbval starts from the same worker.
matplotlib.use("Agg")


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """An environment where every place the course reads from its variables is in tmp_path."""
    for var in ("D2L_DATA_DIR", "MXNET_GLUON_REPO", "D2L_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MXNET_HOME", str(tmp_path / "mxnet-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    return tmp_path


@pytest.fixture
def store(tmp_path):
    """A store whose folders are all in tmp_path: ``data`` (empty; Gluon's folder), ``cache``,
    and ``pkg``, which plays a folder a package manager owns. Downloads are off."""
    from d2lhelpers import fashion_mnist as fm

    return fm.Config(folders=(str(tmp_path / "data"),), caches=(str(tmp_path / "cache"),),
                     gluon=str(tmp_path / "data"), offline="the tests never download",
                     managed=("/usr", str(tmp_path / "pkg")))


@pytest.fixture(scope="session")
def real_data_dir():
    """The folder that holds the real Fashion-MNIST files (the Debian package, in CI). Read only."""
    from d2lhelpers import fashion_mnist

    folder = fashion_mnist.locate()
    assert folder is not None, fashion_mnist.remedies()
    return folder


@pytest.fixture(scope="session")
def private_data(real_data_dir, tmp_path_factory):
    """One copy of the real files for the whole session, in a temporary folder."""
    return copy_data(real_data_dir, tmp_path_factory.mktemp("fashion-mnist"))


def copy_data(source, folder, link=()):
    """Copy the four files from ``source`` into ``folder``; the names in ``link`` are hard-linked
    instead (quicker; only for a private copy, and only for files no test writes to)."""
    from d2lhelpers import fashion_mnist as fm

    os.makedirs(folder, exist_ok=True)
    for name in fm.FILES:
        src, dst = os.path.join(source, name), os.path.join(folder, name)
        try:
            if name not in link:
                raise OSError
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
    return folder


@pytest.fixture
def data(store, private_data):
    """The store of ``store`` with the real files in its data folder; the test split's files are
    copies the test may damage, the training split's are shared and must stay as they are."""
    from d2lhelpers import fashion_mnist as fm

    copy_data(private_data, store.folders[0], link=fm.SPLITS["train"])
    return store
