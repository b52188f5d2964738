"""Finding, verifying, decoding and caching Fashion-MNIST, on private copies of the real files."""

import contextlib
import fcntl
import gc
import gzip
import os
import random
import re
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

from d2lhelpers import __main__ as cli
from d2lhelpers import fashion_mnist as fm
from conftest import copy_data

IMAGES, LABELS = fm.SPLITS["test"]


def released(real_data_dir, name):
    """The decompressed content of one of the real files."""
    with gzip.open(os.path.join(real_data_dir, name)) as f:
        return f.read()


# ---------------------------------------------------------------- decoding and the decoded copy


def test_a_split_is_decoded_bit_for_bit_and_kept(data, real_data_dir):
    images, labels = fm.load_split("test", config=data)
    content = released(real_data_dir, IMAGES)
    np.testing.assert_array_equal(images, np.frombuffer(content[16:], np.uint8).reshape(10000, 28, 28))
    assert images.dtype == np.uint8 and labels.dtype == np.uint8
    assert np.bincount(labels).tolist() == [1000] * 10
    assert sorted(os.listdir(data.caches[0])) == [IMAGES[:-3], LABELS[:-3]]
    with open(os.path.join(data.caches[0], IMAGES[:-3]), "rb") as f:
        assert f.read() == content  # the copy is the release's own content

    for name in fm.SPLITS["test"]:  # sources that would fail: only the copy can answer now
        os.remove(os.path.join(data.folders[0], name))
        with open(os.path.join(data.folders[0], name), "wb") as f:
            f.write(b"not gzip")
    again = fm.load_split("test", config=data)
    assert again[0].tobytes() == images.tobytes() and again[1].tobytes() == labels.tobytes()


def test_both_splits_in_one_call(data):
    loaded = fm.load(config=data)
    assert loaded.folder == data.folders[0]
    assert {s: a[0].shape for s, a in loaded.arrays.items()} == {"train": (60000, 28, 28),
                                                              "test": (10000, 28, 28)}


def test_loads_share_one_mapping_hashed_once_while_it_is_used(data, monkeypatch):
    fm.load_split("test", config=data)  # decoded from the .gz files, and kept
    hashed = []
    real_digest = fm.hashlib.file_digest
    monkeypatch.setattr(fm.hashlib, "file_digest", lambda f, algo: hashed.append(1) or real_digest(f, algo))
    images, labels = fm.load_split("test", config=data)
    assert len(hashed) == 2  # the kept copy of each file, hashed as it is mapped
    again = fm.load_split("test", config=data)
    assert len(hashed) == 2  # the same files, unchanged: not hashed again
    assert np.shares_memory(images, again[0]) and not images.flags.writeable
    del images, labels, again
    gc.collect()  # the mapping is no longer used: the next load hashes the files again
    fm.load_split("test", config=data)
    assert len(hashed) == 4


def test_a_copy_changed_in_place_is_hashed_again(data):
    images, _ = fm.load_split("test", config=data)
    path = os.path.join(data.caches[0], IMAGES[:-3])
    good = int(images.reshape(-1)[84])  # byte 100 of the file, after its 16-byte header
    time.sleep(0.05)  # the file's times have the kernel's clock tick as their resolution
    with open(path, "r+b") as f:  # written in place: the same inode, a new change time
        f.seek(100)
        f.write(bytes([good ^ 0xFF]))
    with pytest.warns(RuntimeWarning, match="is damaged \\(its checksum differs\\)"):
        again, _ = fm.load_split("test", config=data)
    assert again.reshape(-1)[84] == good
    with open(path, "rb") as f:
        assert f.read()[100] == good  # rebuilt from the .gz file


def test_a_private_load_is_written_in_memory_only(data):
    shared, _ = fm.load_split("test", config=data)
    before = shared.copy()
    mine, _ = fm.load_split("test", config=data, private=True)
    assert not np.shares_memory(mine, shared) and mine.flags.writeable
    mine[:] = 0
    assert (shared == before).all()
    with open(os.path.join(data.caches[0], IMAGES[:-3]), "rb") as f:
        assert f.read()[16:] == before.tobytes()


def test_split_name_is_checked():
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        fm.load_split("validation")


def damage(path, how):
    """Put something that is not a good decoded copy at ``path``."""
    good = open(path, "rb").read()
    os.remove(path)
    if how == "header byte":
        path_bytes = bytearray(good)
        path_bytes[2] ^= 0x08
        open(path, "wb").write(bytes(path_bytes))
    elif how == "last byte":
        open(path, "wb").write(good[:-1] + bytes([good[-1] ^ 1]))
    elif how == "truncated":
        open(path, "wb").write(good[: len(good) // 3])
    elif how == "longer":
        open(path, "wb").write(good + b"\0")
    elif how == "empty":
        open(path, "wb").close()
    elif how == "object array":
        np.save(path, np.array([{"x": 1}] * 3, dtype=object), allow_pickle=True)
        os.rename(path + ".npy", path)
    elif how == "older layout":  # what the course wrote before: a .npy, here under the new name
        np.save(path, np.frombuffer(good, np.uint8), allow_pickle=False)
        os.rename(path + ".npy", path)
    elif how == "directory":
        os.makedirs(os.path.join(path, "inner"))
    elif how == "fifo":
        os.mkfifo(path)
    elif how == "symlink":
        os.symlink(os.path.join(os.path.dirname(path), "elsewhere"), path)


KINDS = ["header byte", "last byte", "truncated", "longer", "empty", "object array",
         "older layout", "directory", "fifo", "symlink"]


@pytest.mark.parametrize("how", KINDS)
def test_a_damaged_copy_is_removed_and_rebuilt_with_one_warning(data, how):
    images, labels = fm.load_split("test", config=data)
    path = os.path.join(data.caches[0], IMAGES[:-3])
    damage(path, how)
    start = time.monotonic()
    with pytest.warns(RuntimeWarning) as caught:
        again, _ = fm.load_split("test", config=data)
    assert time.monotonic() - start < 10  # a FIFO in its place does not hang the load
    assert len(caught) == 1
    assert re.fullmatch(f"the decoded copy {re.escape(path)} is damaged \\(.+\\) and was "
                        "removed; it is rebuilt from the .gz file", str(caught[0].message))
    assert again.tobytes() == images.tobytes()
    assert fm._read_copy(path, fm.FILES[IMAGES])[16:] == images.tobytes()  # rebuilt, and good
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fm.load_split("test", config=data)  # the next load is quiet


def test_header_fuzz_every_change_is_caught(data, real_data_dir):
    """Random 1-3 byte changes to a decoded copy, most of them in its header: each one is
    either caught (the copy is removed and rebuilt) or leaves the content exactly right."""
    fm.load_split("test", config=data)
    path = os.path.join(data.caches[0], LABELS[:-3])
    good = open(path, "rb").read()
    rng = random.Random(12)
    caught = harmless = 0
    for _ in range(400):
        bad = bytearray(good)
        for _ in range(rng.randint(1, 3)):
            where = rng.randrange(16) if rng.random() < 0.75 else rng.randrange(len(bad))
            bad[where] = rng.randrange(256)
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)  # a new file: the copy returned before may still be mapped
        with open(path, "wb") as f:
            f.write(bad)
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            content = fm._read_copy(path, fm.FILES[LABELS])
        if content is None:
            caught += 1
            assert not os.path.exists(path)
            assert len(said) == 1 and "is damaged" in str(said[0].message)
        else:
            harmless += 1
            assert bytes(content) == good and said == []
    assert caught + harmless == 400 and caught > 300


def test_a_copy_that_cannot_be_removed_is_passed_over(data, tmp_path, monkeypatch):
    stuck = tmp_path / "read-only-image"  # e.g. a copy built into a read-only image, damaged
    os.makedirs(stuck / IMAGES[:-3])

    def refuse(path, *args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(fm.shutil, "rmtree", refuse)
    config = data._replace(caches=(str(stuck),) + data.caches)
    with pytest.warns(RuntimeWarning, match=r"is damaged \(not a regular file\) and cannot "
                                            r"be removed \(Read-only file system\): remove it by hand"):
        images, _ = fm.load_split("test", config=config)
    assert images.shape == (10000, 28, 28)
    assert IMAGES[:-3] in os.listdir(data.caches[0])  # the next folder took the copy


def test_leftovers_of_killed_runs_are_removed_and_live_ones_kept(data):
    cache, folder = data.caches[0], data.folders[0]
    os.makedirs(cache)
    old = [os.path.join(cache, n) for n in ("test-images-8fe7f73911308571-12728439.npy",
                                            ".test-images-8fe7f73911308571.abc.part",
                                            f".{IMAGES[:-3]}.x1.part")]
    old.append(os.path.join(folder, f".{LABELS}.x2.part"))
    for path in old:
        open(path, "wb").write(b"left behind")
        os.utime(path, (time.time() - 60,) * 2)
    live = os.path.join(cache, f".{LABELS[:-3]}.x3.part")  # another process is writing it
    fresh = os.path.join(cache, f".{LABELS[:-3]}.x4.part")  # just created, not yet locked
    mine = os.path.join(folder, "test-notes.npy")  # not in a cache folder: never touched
    for path in (live, fresh, mine):
        open(path, "wb").write(b"busy")
    os.utime(live, (time.time() - 60,) * 2)
    with open(live, "rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        fm.load_split("test", config=data)
    assert not any(os.path.exists(p) for p in old)
    assert all(os.path.exists(p) for p in (live, fresh, mine))


# ---------------------------------------------------------------- where things are, and are written


def test_lookup_order_from_the_environment(tmp_path):
    env = {"MXNET_HOME": str(tmp_path / "mx"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    gluon = str(tmp_path / "mx" / "datasets" / "fashion-mnist")
    user_cache = str(tmp_path / "xdg" / "d2lhelpers" / "fashion-mnist" / "decoded")
    config = fm.Config.from_env(env=env)
    assert config.folders == (gluon, fm.DEBIAN_DIR) and config.caches == (user_cache,)
    mine = str(tmp_path / "mine" / "fashion-mnist")
    config = fm.Config.from_env(env={**env, "D2L_DATA_DIR": str(tmp_path / "mine")})
    assert config.folders == (mine, gluon, fm.DEBIAN_DIR)  # the others are still looked in
    assert config.caches == (os.path.join(mine, "decoded"), user_cache)
    assert fm.Config.from_env(tmp_path / "given", env=env).folders == (str(tmp_path / "given"),)
    assert fm.Config.from_env(env={**env, "D2L_OFFLINE": "1"}).offline == "D2L_OFFLINE is set"


def test_the_jupyterhub_recipe(tmp_path, real_data_dir, private_data):
    """TEACHING.md: the image sets D2L_DATA_DIR=/opt/d2l-data and runs the data command; the
    data installed elsewhere (Debian's package) are found, the decoded copy lands in the image,
    and a learner's load then reads it and writes nothing into their home."""
    opt = tmp_path / "opt-d2l-data"
    opt.mkdir()
    image = {**os.environ, "D2L_DATA_DIR": str(opt), "D2L_OFFLINE": "1"}
    if real_data_dir not in fm.Config.from_env(env=image).folders[1:]:
        copy_data(private_data, opt / "fashion-mnist", link=fm.FILES)  # as the download would
    built = fm.load(config=fm.Config.from_env(env={**image, "XDG_CACHE_HOME": str(tmp_path / "root")}))
    assert built.cache == str(opt / "fashion-mnist" / "decoded")
    assert fm.locate(config=fm.Config.from_env(env=image)) in (real_data_dir, str(opt / "fashion-mnist"))
    home = tmp_path / "learner" / ".cache"
    learner = fm.load(config=fm.Config.from_env(env={**image, "XDG_CACHE_HOME": str(home)}))
    assert learner.cache == built.cache and not home.exists()
    for split in fm.SPLITS:
        assert learner.arrays[split][0].tobytes() == built.arrays[split][0].tobytes()


def test_a_package_folder_never_receives_anything(store, private_data, tmp_path):
    """D2L_DATA_DIR reaches a package's folder through a symlink; the data are read from
    there, the decoded copy goes to the user cache, and the folder stays as it was."""
    pkg = tmp_path / "pkg" / "fashion-mnist"
    copy_data(private_data, pkg, link=fm.FILES)
    os.makedirs(pkg / "decoded")  # what root's runs of an older course left there
    for name in (IMAGES[:-3], "test-images-8fe7f73911308571-12728439.npy", f".{LABELS[:-3]}.x.part"):
        (pkg / "decoded" / name).write_bytes(b"left behind")
        os.utime(pkg / "decoded" / name, (time.time() - 60,) * 2)
    (tmp_path / "mine").mkdir()
    os.symlink(pkg, tmp_path / "mine" / "fashion-mnist")
    def snapshot():
        return {str(p): p.stat().st_mtime_ns for p in pkg.rglob("*")}

    before = snapshot()
    config = fm.Config.from_env(env={"D2L_DATA_DIR": str(tmp_path / "mine"),
                                     "XDG_CACHE_HOME": str(tmp_path / "xdg"),
                                     "MXNET_HOME": str(tmp_path / "mx"), "D2L_OFFLINE": "1"})
    config = config._replace(managed=store.managed)
    assert fm.cache_dir(config=config) == config.caches[1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the damaged copy there is not even looked at
        fm.load_split("test", config=config)
    assert snapshot() == before and len(before) == 8
    assert sorted(os.listdir(config.caches[1])) == [IMAGES[:-3], LABELS[:-3]]
    system = fm.Config.from_env(env={"D2L_DATA_DIR": "/usr/share/datasets", "XDG_CACHE_HOME": "/x"})
    assert fm.cache_dir(config=system) == "/x/d2lhelpers/fashion-mnist/decoded"


def test_a_folder_that_refuses_the_copy_passes_it_on(data, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    config = data._replace(caches=(str(blocked / "decoded"),) + data.caches)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fm.load_split("test", config=config)  # no warning: the next folder took the copy
    assert sorted(os.listdir(data.caches[0])) == [IMAGES[:-3], LABELS[:-3]]


def test_no_folder_for_the_copy_still_gives_the_data(data, tmp_path, monkeypatch):
    def disk_full(dest, chunks):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fm._transfer, "atomic_write", disk_full)
    with pytest.warns(RuntimeWarning) as caught:
        images, _ = fm.load_split("test", config=data)
    said = [str(w.message) for w in caught]
    assert len(said) == 2, said  # one line for each file of the split
    assert re.search(r"could not keep .*the disk is full: .*t10k-images-idx3-ubyte needs 7\.8 MB "
                     r"and .* has [\d.]+ MB free", said[0]), said[0]
    assert "t10k-labels-idx1-ubyte needs" in said[1], said[1]
    assert images.shape == (10000, 28, 28)


def test_an_interrupted_write_leaves_nothing(tmp_path):
    def chunks():
        yield b"x" * 1000
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        fm._transfer.atomic_write(str(tmp_path / "d" / "f"), chunks())
    assert os.listdir(tmp_path / "d") == []


# ---------------------------------------------------------------- bad source files, and what to do


def zeros_release(name):
    """A well-formed IDX file of the right shape whose content is not the release's."""
    info = fm.FILES[name]
    header = (2051 if len(info.shape) == 3 else 2049).to_bytes(4, "big")
    header += b"".join(d.to_bytes(4, "big") for d in info.shape)
    return gzip.compress(header + bytes(info.size - info.header))


BAD_FILES = {
    "empty": (b"", r"is empty \(0 bytes\)"),
    "html": (b"<html>404 Not Found</html>", r"is not a readable gzip file \(Not a gzipped file"),
    "truncated": (None, "is not a readable gzip file .*truncated or damaged"),
    "other data": (zeros_release(LABELS), "is not the Fashion-MNIST release"),
    "too long": (gzip.compress(b"\0" * 20000), "is not the Fashion-MNIST release"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("where", ["gluon", "own", "package"])
def test_a_bad_file_is_named_with_advice_that_risks_nothing(store, private_data, tmp_path, kind, where):
    folder = {"gluon": store.folders[0], "own": str(tmp_path / "mine"), "package": str(tmp_path / "pkg")}[where]
    config = store._replace(folders=(folder,))
    copy_data(private_data, folder, link=fm.SPLITS["train"])
    body, expected = BAD_FILES[kind]
    path = os.path.join(folder, LABELS)
    if body is None:
        body = open(path, "rb").read()[:2000]
    os.remove(path)
    open(path, "wb").write(body)
    with pytest.raises(fm.DatasetError, match=f"{re.escape(path)} {expected}") as err:
        fm.load_split("test", config=config)
    message = str(err.value)
    if where == "gluon":
        assert "delete it, then run `make data`" in message
    elif where == "own":
        assert "delete" not in message.lower()
        assert f"The course expects Fashion-MNIST under that name in {folder}" in message
        assert "MNIST uses the same file names" in message
    else:
        assert "delete" not in message.lower()
        assert "sudo apt-get install --reinstall dataset-fashion-mnist" in message
    assert not os.path.exists(store.caches[0]) or LABELS[:-3] not in os.listdir(store.caches[0])


def test_an_unreadable_file_says_so(data, monkeypatch):
    real_open = gzip.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(LABELS):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(fm.gzip, "open", refuse)
    with pytest.raises(fm.DatasetError, match=r"cannot read .*t10k-labels-idx1-ubyte\.gz \(Permission denied\)\. Give your user read access"):
        fm.load_split("test", config=data)


def test_no_data_and_downloads_off_lists_the_remedies(store):
    with pytest.raises(fm.DatasetError) as err:
        fm.load_split("train", config=store)
    message = str(err.value)
    assert f"Fashion-MNIST was not found (looked in: {store.folders[0]})" in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert "python -m d2lhelpers data --fetch" in message and "D2L_DATA_DIR" in message
    assert "(Downloads are off: the tests never download.)" in message


# ---------------------------------------------------------------- the command line


def test_the_command_reports_where_the_data_are(isolated, monkeypatch, private_data, capsys):
    monkeypatch.setenv("D2L_OFFLINE", "1")
    copy_data(private_data, isolated / "mine" / "fashion-mnist", link=fm.FILES)
    monkeypatch.setenv("D2L_DATA_DIR", str(isolated / "mine"))
    assert cli.main(["data"]) == 0
    out = capsys.readouterr().out
    assert "train: 60000 images 28x28, 10 classes" in out and "test: 10000 images 28x28, 10 classes" in out
    assert f"Fashion-MNIST is in {isolated / 'mine' / 'fashion-mnist'}, verified; decoded copy in " \
           f"{isolated / 'mine' / 'fashion-mnist' / 'decoded'}" in out


def test_the_command_without_data_says_what_to_do(isolated, capsys):
    assert cli.main(["data", "--root", str(isolated / "nothing")]) == 1
    err = capsys.readouterr().err
    assert "Fashion-MNIST was not found" in err and "(Downloads are off: run with --fetch" in err


def test_the_command_does_not_import_mxnet(isolated):
    """`make data` runs before every test run: it needs numpy alone, and skips MXNet's 5 s."""
    env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(fm.__file__))}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "d2lhelpers", "data",
                             "--root", str(isolated / "nothing")], env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "error: Fashion-MNIST was not found" in result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "numpy" in imported and not {"mxnet", "matplotlib"} & imported


def test_root_is_a_folder_given_as_str_or_path(tmp_path):
    assert fm.Config.from_env(tmp_path).folders == (str(tmp_path),)
    assert fm.Config.from_env(str(tmp_path)).folders == (str(tmp_path),)


@pytest.mark.parametrize("root", [123, ["data"]])
def test_a_root_that_is_not_a_path_is_named(root):
    with pytest.raises(TypeError, match=rf"root must be a folder's path \(a str or pathlib.Path\), not {type(root).__name__}"):
        fm.Config.from_env(root)
