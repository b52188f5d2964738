"""Fashion-MNIST on disk: find the four IDX files, fetch them if they are missing, verify and
decode them, and keep the decoded arrays in a cache so a notebook gets them in a blink.

Where the files are looked for, in order:

1. ``root``, when a caller passes one (then it is the only place, and downloads go there);
2. ``$D2L_DATA_DIR/fashion-mnist`` when that variable is set (likewise the only place);
3. Gluon's user folder, ``$MXNET_HOME/datasets/fashion-mnist`` (default ``~/.mxnet/...``);
4. ``/usr/share/datasets/fashion-mnist``, where Debian's package ``dataset-fashion-mnist``
   puts them. Debian recompressed the files, so Gluon's own SHA-1 check rejects them; this
   module checks the decompressed content instead.

Nothing here imports MXNet: the functions return numpy arrays.
"""

import gzip
import hashlib
import http.client
import os
import socket
import tempfile
import time
import urllib.error
import urllib.request
import warnings
import zlib

import numpy as np

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
DEFAULT_MIRROR = "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/"

# file name: (SHA-1 of the canonical .gz file, SHA-256 of its decompressed IDX content)
FILES = {
    "train-images-idx3-ubyte.gz": (
        "0cf37b0d40ed5169c6b3aba31069a9770ac9043d",
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    ),
    "train-labels-idx1-ubyte.gz": (
        "236021d52f1e40852b06a4c3008d8de8aef1e40b",
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    ),
    "t10k-images-idx3-ubyte.gz": (
        "626ed6a7c06dd17c0eec72fa3be1740f146a2863",
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "17f9ab60e7257a1620f4ad76bbbaf857c3920701",
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    ),
}
# split: (images file, labels file, number of examples)
SPLITS = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 60000),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 10000),
}
IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049
ROWS = COLS = 28
NUM_CLASSES = 10

# Download behaviour; tests shorten these.
TIMEOUT = 30.0  # seconds without a byte before an attempt is given up
ATTEMPTS = 3
BACKOFF = 2.0  # seconds before the second attempt, doubled after each


class DatasetError(RuntimeError):
    """Fashion-MNIST is missing, unreadable or not the real thing; the message says what to do."""


class DownloadError(DatasetError):
    """A download failed; nothing partial was left behind."""


# ---------------------------------------------------------------- where the files are


def user_dir():
    """Gluon's folder for Fashion-MNIST: ``$MXNET_HOME/datasets/fashion-mnist``."""
    home = os.environ.get("MXNET_HOME") or os.path.join("~", ".mxnet")
    return os.path.expanduser(os.path.join(home, "datasets", "fashion-mnist"))


def search_dirs(root=None):
    """The folders looked in, in order (see the module's docstring)."""
    if root is not None:
        return [os.path.expanduser(os.fspath(root))]
    if os.environ.get("D2L_DATA_DIR"):
        return [os.path.join(os.path.expanduser(os.environ["D2L_DATA_DIR"]), "fashion-mnist")]
    return [user_dir(), DEBIAN_DIR]


def locate(root=None):
    """The first folder that holds all four files, or None."""
    for folder in search_dirs(root):
        if all(os.path.isfile(os.path.join(folder, name)) for name in FILES):
            return folder
    return None


def remedies(root=None):
    looked = ", ".join(search_dirs(root))
    return (
        f"Fashion-MNIST was not found (looked in: {looked}). Any one of these fixes it:\n"
        "  - on Debian or Ubuntu, install the data package: "
        "sudo apt-get install dataset-fashion-mnist\n"
        "  - with an internet connection, run `python -m d2lhelpers data --fetch` "
        "(or `make lab`); the files are downloaded and verified\n"
        "  - copy the four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
        "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) into a folder "
        "DIR/fashion-mnist and set D2L_DATA_DIR=DIR"
    )


# ---------------------------------------------------------------- downloading


def mirror_url(name):
    """Where ``name`` is downloaded from: Gluon's mirror, or ``$MXNET_GLUON_REPO`` if set."""
    configured = os.environ.get("MXNET_GLUON_REPO")
    repo = configured or DEFAULT_MIRROR
    scheme = repo.split("://", 1)[0].lower() if "://" in repo else ""
    if scheme not in ("https", "http") or (scheme == "http" and not configured):
        raise DownloadError(
            f"MXNET_GLUON_REPO={repo!r} is not an http(s) address; unset it to use the "
            f"default mirror {DEFAULT_MIRROR}"
        )
    if not repo.endswith("/"):
        repo += "/"
    return f"{repo}gluon/dataset/fashion-mnist/{name}"


class _Retry(Exception):
    """An attempt failed in a way another attempt may not."""


def _sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _attempt(url, part, sha1, progress):
    """One try at downloading ``url`` into the open temporary file ``part``."""
    from tqdm.auto import tqdm

    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            size = response.headers.get("Content-Length")
            size = int(size) if size and size.isdigit() else None
            digest, received = hashlib.sha1(), 0
            part.seek(0)
            part.truncate()
            with tqdm(total=size, unit="B", unit_scale=True, desc=url.rsplit("/", 1)[-1],
                      disable=not progress, leave=False) as bar:
                for chunk in iter(lambda: response.read(1 << 16), b""):
                    part.write(chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
    except urllib.error.HTTPError as err:
        if 500 <= err.code < 600:
            raise _Retry(f"the server answered HTTP {err.code} {err.reason}") from None
        raise DownloadError(f"{url} answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, socket.gaierror):
            raise DownloadError(f"no network: cannot resolve the host of {url} ({err.reason})") from None
        raise _Retry(f"cannot connect: {err.reason}") from None
    except (TimeoutError, socket.timeout):
        raise _Retry(f"no data for {TIMEOUT:g} s") from None
    except (http.client.HTTPException, ConnectionError) as err:
        raise _Retry(f"the connection broke ({type(err).__name__}: {err})") from None
    if size is not None and received != size:
        raise _Retry(f"the transfer stopped after {received} of {size} bytes")
    if digest.hexdigest() != sha1:
        raise _Retry(f"the {received} bytes received do not match the pinned SHA-1 {sha1}")


def download(name, folder, progress=True):
    """Download one of the four files into ``folder`` and verify it; return its path.

    The bytes go to a temporary file in ``folder`` that is renamed into place only once its
    SHA-1 matches the pinned one, so an interrupted or bad transfer leaves nothing behind.
    """
    sha1 = FILES[name][0]
    url = mirror_url(name)
    dest = os.path.join(folder, name)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, part_path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    except OSError as err:
        raise DownloadError(
            f"cannot write to {folder} ({err.strerror}); set D2L_DATA_DIR to a writable folder"
        ) from None
    problems = []
    try:
        with os.fdopen(fd, "wb") as part:
            for attempt in range(ATTEMPTS):
                if attempt:
                    time.sleep(BACKOFF * 2 ** (attempt - 1))
                try:
                    _attempt(url, part, sha1, progress)
                    break
                except _Retry as err:
                    problems.append(str(err))
            else:
                raise DownloadError(
                    f"downloading {url} failed {ATTEMPTS} times: " + "; ".join(problems)
                )
        os.chmod(part_path, 0o644)
        os.replace(part_path, dest)
    except OSError as err:
        raise DownloadError(f"cannot save {dest} ({err.strerror or err})") from None
    finally:
        if os.path.exists(part_path):
            os.remove(part_path)
    return dest


def fetch(root=None, progress=True):
    """Return the folder that holds the four files, downloading what is missing.

    Set ``D2L_OFFLINE=1`` to forbid downloads (the test suite does).
    """
    folder = locate(root)
    if folder is not None:
        return folder
    target = search_dirs(root)[0]
    if os.environ.get("D2L_OFFLINE"):
        raise DatasetError(remedies(root) + "\n(Downloads are off: D2L_OFFLINE is set.)")
    try:
        for name in FILES:
            if not os.path.isfile(os.path.join(target, name)):
                download(name, target, progress=progress)
    except DownloadError as err:
        raise DatasetError(f"{remedies(root)}\nThe download failed: {err}") from None
    return target


# ---------------------------------------------------------------- reading and verifying


def read_idx(path, magic, shape):
    """Read a gzipped IDX file whose header must say ``magic`` and ``shape``; return uint8 array.

    The header is checked against ``shape`` before anything is allocated, and no more than the
    expected number of bytes is ever decompressed, so a damaged or hostile file cannot make
    this allocate what its header asks for.
    """
    header = 4 + 4 * len(shape)
    expected = header + int(np.prod(shape))
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read(expected + 1)
    except FileNotFoundError:
        raise DatasetError(f"{path} does not exist") from None
    except (OSError, EOFError, zlib.error) as err:
        raise DatasetError(
            f"{path} is not a readable gzip file ({err}): it is truncated or corrupt. "
            f"Delete it and fetch the data again (`python -m d2lhelpers data --fetch`)."
        ) from None
    if len(raw) < header:
        raise DatasetError(f"{path} is too short ({len(raw)} bytes) to hold an IDX header")
    found_magic = int.from_bytes(raw[:4], "big")
    if found_magic != magic:
        raise DatasetError(
            f"{path} has IDX magic number {found_magic}, expected {magic}: "
            "it is not the file its name says"
        )
    dims = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(len(shape)))
    if dims != tuple(shape):
        raise DatasetError(f"{path} says its shape is {dims}, expected {tuple(shape)}")
    if len(raw) != expected:
        raise DatasetError(
            f"{path} holds {len(raw) - header} data bytes after its header, "
            f"its header promises {expected - header}: the file is damaged"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _verify(path, magic, array):
    """Raise DatasetError unless the IDX content (or the .gz file itself) is the pinned release."""
    canonical_sha1, content_sha256 = FILES[os.path.basename(path)]
    digest = hashlib.sha256(magic.to_bytes(4, "big"))
    for dim in array.shape:
        digest.update(dim.to_bytes(4, "big"))
    digest.update(memoryview(np.ascontiguousarray(array)).cast("B"))
    if digest.hexdigest() == content_sha256 or _sha1(path) == canonical_sha1:
        return
    raise DatasetError(
        f"{path} is a well-formed IDX file but not the Fashion-MNIST release (its checksum "
        "differs). Delete it and fetch the data again (`python -m d2lhelpers data --fetch`)."
    )


def decode_split(split, folder):
    """Read, check and verify one split from ``folder``: (images (N, 28, 28), labels (N,)) uint8."""
    images_name, labels_name, count = SPLITS[split]
    images_path = os.path.join(folder, images_name)
    labels_path = os.path.join(folder, labels_name)
    images = read_idx(images_path, IMAGE_MAGIC, (count, ROWS, COLS))
    labels = read_idx(labels_path, LABEL_MAGIC, (count,))
    if labels.max() >= NUM_CLASSES:
        bad = int(np.argmax(labels >= NUM_CLASSES))
        raise DatasetError(
            f"{labels_path} has label {labels[bad]} at position {bad}; "
            f"Fashion-MNIST labels are 0 to {NUM_CLASSES - 1}"
        )
    _verify(images_path, IMAGE_MAGIC, images)
    _verify(labels_path, LABEL_MAGIC, labels)
    return images, labels


# ---------------------------------------------------------------- the decoded cache


def cache_dir():
    """Where decoded arrays are kept: beside the data under D2L_DATA_DIR, else the user cache."""
    if os.environ.get("D2L_DATA_DIR"):
        base = os.path.join(os.path.expanduser(os.environ["D2L_DATA_DIR"]), "fashion-mnist")
    else:
        base = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser(os.path.join("~", ".cache")),
            "d2lhelpers", "fashion-mnist",
        )
    return os.path.join(base, "decoded")


def _source_key(folder, split):
    """A name for one split's source files as they are now (path, size, modification time)."""
    parts = []
    for name in SPLITS[split][:2]:
        st = os.stat(os.path.join(folder, name))
        parts.append(f"{os.path.realpath(os.path.join(folder, name))}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def _crc(array):
    return zlib.crc32(memoryview(np.ascontiguousarray(array)).cast("B"))


def _cache_read(path, shape):
    """The array saved at ``path`` if it is whole and its checksum holds, else None."""
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return None
    expected_crc = path.rsplit("-", 1)[-1].split(".")[0]
    if array.shape != shape or array.dtype != np.uint8 or f"{_crc(array):08x}" != expected_crc:
        return None
    return np.asarray(array)


def _cache_write(folder, stem, array):
    """Save ``array`` atomically as ``stem-<crc32>.npy`` in ``folder``; quietly skip on failure."""
    final = os.path.join(folder, f"{stem}-{_crc(array):08x}.npy")
    part = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=".part")
        with os.fdopen(fd, "wb") as f:
            np.save(f, array, allow_pickle=False)
        os.chmod(part, 0o644)
        os.replace(part, final)
        part = None
    except OSError as err:
        warnings.warn(
            f"could not cache decoded Fashion-MNIST in {folder} ({err.strerror or err}); "
            "it will be decoded from the .gz files each time (about half a second).",
            RuntimeWarning,
            stacklevel=4,
        )
    finally:
        if part is not None and os.path.exists(part):
            os.remove(part)


def load_split(split, root=None, fetch_missing=True):
    """One split as numpy arrays: images (N, 28, 28) uint8 and labels (N,) uint8.

    The first call decodes and verifies the .gz files and caches the result; later calls, in
    any process, read the cached arrays. A cached file whose size or checksum is off, or whose
    source files changed, is ignored and rebuilt.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    folder = fetch(root) if fetch_missing else locate(root)
    if folder is None:
        raise DatasetError(remedies(root))
    count = SPLITS[split][2]
    key = _source_key(folder, split)
    stems = {"images": f"{split}-images-{key}", "labels": f"{split}-labels-{key}"}
    shapes = {"images": (count, ROWS, COLS), "labels": (count,)}
    cache = cache_dir()
    arrays = {}
    for part, stem in stems.items():
        names = sorted(os.listdir(cache)) if os.path.isdir(cache) else []
        for name in names:
            if name.startswith(stem + "-") and name.endswith(".npy"):
                arrays[part] = _cache_read(os.path.join(cache, name), shapes[part])
                if arrays[part] is not None:
                    break
    if all(arrays.get(part) is not None for part in stems):
        return arrays["images"], arrays["labels"]
    images, labels = decode_split(split, folder)
    for part, array in (("images", images), ("labels", labels)):
        _cache_write(cache, stems[part], array)
    _drop_stale(cache, split, key)
    return images, labels


def _drop_stale(cache, split, key):
    """Remove cached files of ``split`` that belong to other source files or are damaged."""
    if not os.path.isdir(cache):
        return
    for name in os.listdir(cache):
        if name.startswith(f"{split}-") and name.endswith(".npy") and key not in name:
            try:
                os.remove(os.path.join(cache, name))
            except OSError:
                pass
