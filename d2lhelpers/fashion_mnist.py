"""Fashion-MNIST on disk, with numpy only. ``load`` is the one path: find the four files
(downloading what is found nowhere), verify their content, decode it, keep a decoded copy.

One rule checks every byte: the SHA-256 of the decompressed content (``FILES``), which Gluon's
files and Debian's recompressed ones share. Nothing is written under ``/usr``: the package
manager owns it.
"""

import contextlib
import errno
import fcntl
import gzip
import hashlib
import io
import math
import mmap
import os
import shutil
import stat
import tempfile
import time
import warnings
import weakref
import zlib
from typing import NamedTuple

import numpy as np

from . import _transfer

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
DEBIAN_PACKAGE = "dataset-fashion-mnist"
DEFAULT_MIRROR = "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/"
FETCH = "`make data` (or `python -m d2lhelpers data --fetch`)"


class File(NamedTuple):
    shape: tuple  # of the array the file holds
    sha256: str  # of the decompressed IDX content: header, then the uint8 data

    @property
    def header(self):
        return 4 + 4 * len(self.shape)

    @property
    def size(self):
        return self.header + math.prod(self.shape)


FILES = {
    "train-images-idx3-ubyte.gz": File(
        (60000, 28, 28), "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
    "train-labels-idx1-ubyte.gz": File(
        (60000,), "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
    "t10k-images-idx3-ubyte.gz": File(
        (10000, 28, 28), "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
    "t10k-labels-idx1-ubyte.gz": File(
        (10000,), "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
}
SPLITS = {  # split -> (images, labels)
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


class DatasetError(RuntimeError):
    """Fashion-MNIST is missing, unreadable or not the real thing; the message says what to do."""


class DownloadError(DatasetError):
    """A download failed; nothing was saved."""


class Config(NamedTuple):
    """What the store needs to know, read once per call by ``Config.from_env`` (tests build
    their own)."""

    folders: tuple  # looked in, in order; missing files are downloaded into the first
    caches: tuple  # for the decoded copy: read in order, written to the first that takes it
    gluon: str  # Gluon's download folder: the only one whose files advice says to delete
    mirror: str = DEFAULT_MIRROR
    offline: str = ""  # why downloads are off; empty when they are allowed
    managed: tuple = ("/usr",)  # owned by the package manager: never written to
    stall: float = 30.0  # seconds without a byte before a download attempt is given up
    deadline: float = 900.0  # seconds for one file's download, all attempts together
    attempts: int = 3
    backoff: float = 2.0  # seconds before the second attempt, doubled after each

    @classmethod
    def from_env(cls, root=None, env=None):
        """The files are looked for in ``root`` alone if it is given; else in
        ``$D2L_DATA_DIR/fashion-mnist`` (if set), Gluon's ``$MXNET_HOME/datasets/fashion-mnist``
        (``~/.mxnet/...``) and Debian's folder, in that order; downloads go to the first. The
        decoded copy goes to ``$D2L_DATA_DIR/fashion-mnist/decoded`` if that takes it, else to
        ``$XDG_CACHE_HOME/d2lhelpers/fashion-mnist/decoded`` (``~/.cache/...``)."""
        env = os.environ if env is None else env
        home = os.path.expanduser(env.get("MXNET_HOME") or os.path.join("~", ".mxnet"))
        gluon = os.path.join(home, "datasets", "fashion-mnist")
        cache_home = env.get("XDG_CACHE_HOME") or os.path.expanduser(os.path.join("~", ".cache"))
        folders = (gluon, DEBIAN_DIR)
        caches = (os.path.join(cache_home, "d2lhelpers", "fashion-mnist", "decoded"),)
        if root is not None:
            if not isinstance(root, (str, os.PathLike)):
                raise TypeError(f"root must be a folder's path (a str or pathlib.Path), not "
                                f"{type(root).__name__} {root!r}")
            folders = (os.path.expanduser(os.fspath(root)),)
        elif env.get("D2L_DATA_DIR"):
            mine = os.path.join(os.path.expanduser(env["D2L_DATA_DIR"]), "fashion-mnist")
            folders, caches = (mine,) + folders, (os.path.join(mine, "decoded"),) + caches
        offline = "D2L_OFFLINE is set" if env.get("D2L_OFFLINE") else ""
        return cls(folders, caches, gluon, env.get("MXNET_GLUON_REPO") or DEFAULT_MIRROR, offline)

    def is_managed(self, path):
        real = os.path.realpath(path)
        return any(real == m or real.startswith(m.rstrip("/") + "/")
                   for m in map(os.path.realpath, self.managed))

    def own_caches(self):
        """The cache folders outside the package manager's: the only ones read or written."""
        return tuple(c for c in self.caches if not self.is_managed(c))


class Loaded(NamedTuple):
    arrays: dict  # split -> (images (N, 28, 28) uint8, labels (N,) uint8)
    folder: str  # where the four .gz files are
    cache: str  # where the decoded copy was last found or kept (None: nowhere)


def load(splits=tuple(SPLITS), config=None, progress=True, private=False):
    """Find (downloading if need be), verify and decode the given splits; a ``Loaded`` record.

    The arrays view the process's shared read-only mapping of the decoded copy; with
    ``private``, a copy-on-write mapping of their own (writes stay in memory). Without a
    decoded copy, they view the bytes just decoded."""
    config = config or Config.from_env()
    splits = (splits,) if isinstance(splits, str) else splits
    for split in splits:
        if split not in SPLITS:
            raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    folder = fetch(config=config, progress=progress)
    if not config.is_managed(config.folders[0]):
        _tidy(config.folders[0])
    for place in config.own_caches():
        _tidy(place, cache=True)
    arrays, cache = {}, None
    for split in splits:
        pair = []
        for name in SPLITS[split]:
            content, cache = _decoded(name, folder, config, private)
            info = FILES[name]
            pair.append(np.frombuffer(content, np.uint8, offset=info.header).reshape(info.shape))
        arrays[split] = tuple(pair)
    return Loaded(arrays, folder, cache)


def load_split(split, root=None, config=None, private=False):
    """One split as numpy arrays: images (N, 28, 28) uint8 and labels (N,) uint8 (``private``:
    see ``load``). A damaged decoded copy is removed and rebuilt, with a warning."""
    return load(split, config or Config.from_env(root), private=private).arrays[split]


# ---------------------------------------------------------------- find the files, or download them
def locate(config=None):
    """The first folder that holds all four files, or None."""
    for folder in (config or Config.from_env()).folders:
        if all(os.path.isfile(os.path.join(folder, name)) for name in FILES):
            return folder
    return None


def remedies(config=None):
    config = config or Config.from_env()
    text = (f"Fashion-MNIST was not found (looked in: {', '.join(config.folders)}). "
            "Any one of these fixes it:\n"
            f"  - on Debian or Ubuntu, install the data package: sudo apt-get install {DEBIAN_PACKAGE}\n"
            f"  - with an internet connection, run {FETCH}; the files are downloaded and verified\n"
            f"  - copy the four files ({', '.join(FILES)}) into a folder DIR/fashion-mnist and "
            "set D2L_DATA_DIR=DIR")
    if DEBIAN_DIR not in config.folders and locate(config=config._replace(folders=(DEBIAN_DIR,))):
        text += f"\n{DEBIAN_DIR} has them (Debian's package): leave out root= (--root) to use them"
    return text


def fetch(config=None, progress=True):
    """The folder that holds the four files, after downloading what is found nowhere."""
    config = config or Config.from_env()
    folder = locate(config=config)
    if folder is not None:
        return folder
    if config.offline:
        raise DatasetError(f"{remedies(config=config)}\n(Downloads are off: {config.offline}.)")
    try:
        for name in FILES:
            if not os.path.isfile(os.path.join(config.folders[0], name)):
                download(name, config.folders[0], config, progress)
    except DownloadError as err:
        raise DatasetError(f"{remedies(config=config)}\nThe download failed: {err}") from None
    return config.folders[0]


def mirror_url(name, config):
    """Where ``name`` is downloaded from: Gluon's mirror, or ``$MXNET_GLUON_REPO`` if set."""
    repo = config.mirror
    if not repo.lower().startswith(("https://", "http://")):
        raise DownloadError(f"MXNET_GLUON_REPO={repo!r} is not an http(s) address; unset it to "
                            f"use the default mirror {DEFAULT_MIRROR}")
    return f"{repo.rstrip('/')}/gluon/dataset/fashion-mnist/{name}"


def download(name, folder, config, progress=True):
    """Download one of the four files into ``folder`` and return its path. It is saved only
    once verified, so a failed transfer leaves nothing behind."""
    url, dest = mirror_url(name, config), os.path.join(folder, name)
    try:
        if config.is_managed(folder):
            raise PermissionError(errno.EACCES, "a system package owns it")
        os.makedirs(folder, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as err:
        raise DownloadError(f"cannot write to {folder} ({err.strerror or err}); set D2L_DATA_DIR "
                            "to a folder of yours") from None
    info = FILES[name]

    def check(body):  # None if the body is the release, else what it is instead
        try:
            _content(io.BytesIO(body), info)
        except _Bad as err:
            return str(err)
        return None

    try:
        body = _transfer.download(
            url, limit=info.size + info.size // 1000 + 1024,  # more than any gzip of the file
            check=check, stall=config.stall, deadline=config.deadline, attempts=config.attempts,
            backoff=config.backoff, progress=progress,
            hint=f"; try another mirror, or install Debian's package {DEBIAN_PACKAGE}")
    except _transfer.Refused as err:
        raise DownloadError(str(err)) from None
    try:
        _transfer.atomic_write(dest, [body])
    except OSError as err:
        raise DownloadError(f"cannot save {dest}: {_transfer.why_not_written(err, dest, len(body))}") from None
    return dest


# ---------------------------------------------------------------- verify a .gz file and decode it
class _Bad(Exception):
    """Bytes that are not the release; the message says what they are instead."""


def _content(source, info):
    """The decompressed content of ``source`` (a path or a file object) if it is the release.
    One byte more than the release is read at most; the hash rejects any other length."""
    raw = bytearray(info.size + 1)
    try:
        with gzip.open(source, "rb") as f:
            n = f.readinto(raw)
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise _Bad(f"not a readable gzip file ({err}): it is truncated or damaged") from None
    del raw[n:]
    if hashlib.sha256(raw).hexdigest() != info.sha256:
        raise _Bad("not the Fashion-MNIST release: its content differs from the published one")
    return raw


def _read_source(path, config):
    """The verified content of one .gz file; a DatasetError with advice that risks no data."""
    folder = os.path.dirname(path)
    if config.is_managed(folder):
        advice = f"It belongs to a system package: `sudo apt-get install --reinstall {DEBIAN_PACKAGE}`."
    elif os.path.realpath(folder) == os.path.realpath(config.gluon):  # Gluon's own download folder
        advice = f"It was downloaded there: delete it, then run {FETCH} to download it again."
    else:
        advice = (f"The course expects Fashion-MNIST under that name in {folder}. If the file is "
                  "another data set (MNIST uses the same file names), keep it in another folder; "
                  "then put Fashion-MNIST there, or set D2L_DATA_DIR (or root=) to another folder.")
    try:
        if os.path.getsize(path) == 0:
            raise _Bad("empty (0 bytes), as an interrupted copy or download leaves a file")
        return _content(path, FILES[os.path.basename(path)])
    except _Bad as err:
        raise DatasetError(f"{path} is {err}. {advice}") from None
    except OSError as err:
        if not config.is_managed(folder):
            advice = "Give your user read access to it (for example `chmod a+r FILE`)."
        raise DatasetError(f"cannot read {path} ({err.strerror or err}). {advice}") from None


# ---------------------------------------------------------------- the decoded copy
def cache_dir(config=None):
    """The folder the decoded copy is written to first."""
    return next(iter((config or Config.from_env()).own_caches()), None)


def _decoded(name, folder, config, private=False):
    """(content, cache folder) of one file: its first good decoded copy, else the content of the
    .gz file in ``folder``, then kept in the first cache folder that takes it (None if none)."""
    for place in config.own_caches():
        content = _read_copy(os.path.join(place, name[:-3]), FILES[name], private)
        if content is not None:
            return content, place
    content, problems = _read_source(os.path.join(folder, name), config), []
    for place in config.own_caches():
        dest = os.path.join(place, name[:-3])
        try:
            _transfer.atomic_write(dest, [content])
            return content, place
        except OSError as err:
            problems.append(_transfer.why_not_written(err, dest, len(content)))
    problems = "; ".join(problems) or "every cache folder belongs to a system package"
    warnings.warn(f"could not keep a decoded copy of Fashion-MNIST ({problems}); it is decoded "
                  "from the .gz files each time (about half a second)", RuntimeWarning, stacklevel=4)
    return content, None


# path -> ((device, inode, size, mtime, ctime) of the file hashed, weak reference to its mapping)
_mapped = {}


def _read_copy(path, info, private=False):
    """The decoded copy at ``path``, mapped: the process's shared read-only mapping, or with
    ``private`` a copy-on-write one of its own. None if there is no copy, or if it was damaged:
    then it is removed with one warning (or passed over if it cannot be removed).

    The file is hashed when the shared mapping is made. While that mapping lives, a later call
    only checks that the file is still the one hashed (device, inode, size and times)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)  # no link, no FIFO wait
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise _Bad("not a regular file")
            key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            hashed, ref = _mapped.get(path, (None, None))
            shared = ref() if hashed == key else None
            if shared is None:  # read, not mapped, to hash it: mapped pages would stay counted
                with open(fd, "rb", closefd=False) as f:
                    if hashlib.file_digest(f, "sha256").hexdigest() != info.sha256:
                        raise _Bad("its checksum differs")
            if private:
                return mmap.mmap(fd, info.size, access=mmap.ACCESS_COPY)
            if shared is None:
                shared = mmap.mmap(fd, info.size, access=mmap.ACCESS_READ)
                _mapped[path] = (key, weakref.ref(shared))
            return shared
        finally:
            os.close(fd)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:  # unreadable: as damaged as a wrong checksum
        damage = err.strerror or str(err)
    except _Bad as err:
        damage = str(err)
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
        outcome = "and was removed; it is rebuilt from the .gz file"
    except OSError as err:
        outcome = f"and cannot be removed ({err.strerror or err}): remove it by hand"
    warnings.warn(f"the decoded copy {path} is damaged ({damage}) {outcome}", RuntimeWarning,
                  stacklevel=5)
    return None


def release(array):
    """Hand back to the operating system the pages of the shared mapping under ``array`` that
    this process has read. They stay in the system's file cache and are read from it again when
    next used (a few milliseconds for the training images). Other arrays are left alone."""
    base = array
    while isinstance(base, np.ndarray):
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    if any(ref() is base for _, ref in _mapped.values()):
        base.madvise(mmap.MADV_DONTNEED)  # a read-only mapping of a file: nothing is lost


# ---------------------------------------------------------------- what killed writes left
def _tidy(folder, cache=False):
    """Remove what killed runs left in ``folder``: our temporary files that no process holds,
    and in a cache folder the decoded copies of the former layout (``*.npy``)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    ours = tuple(f".{n[:-3]}." for n in FILES) + ((".train-", ".test-") if cache else ())
    for name in names:
        path = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            if cache and name.startswith(("train-", "test-")) and name.endswith(".npy"):
                os.remove(path)
            elif name.startswith(ours) and name.endswith(".part"):
                st = os.lstat(path)
                if stat.S_ISREG(st.st_mode) and time.time() - st.st_mtime > 2:  # not just created
                    with open(path, "rb") as f:
                        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while it is written
                        os.remove(path)
