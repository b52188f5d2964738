"""Finding, reading, verifying and caching Fashion-MNIST, on files the tests write."""

import gzip
import os
import shutil

import numpy as np
import pytest

from d2lhelpers import fashion_mnist as fm
from conftest import idx_bytes, write_idx


def test_read_idx_returns_the_array(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    path = write_idx(tmp_path / "a.gz", fm.IMAGE_MAGIC, images)
    np.testing.assert_array_equal(fm.read_idx(path, fm.IMAGE_MAGIC, (2, 3, 4)), images)


def test_wrong_magic_is_named(tmp_path):
    path = write_idx(tmp_path / "labels.gz", fm.LABEL_MAGIC, np.zeros(5, np.uint8))
    with pytest.raises(fm.DatasetError, match=r"labels\.gz has IDX magic number 2049, expected 2051"):
        fm.read_idx(path, fm.IMAGE_MAGIC, (5,))


def test_wrong_shape_is_named(tmp_path):
    path = write_idx(tmp_path / "x.gz", fm.LABEL_MAGIC, np.zeros(9999, np.uint8))
    with pytest.raises(fm.DatasetError, match=r"x\.gz says its shape is \(9999,\), expected \(10000,\)"):
        fm.read_idx(path, fm.LABEL_MAGIC, (10000,))


def test_absurd_header_is_refused_before_reading_the_body(tmp_path):
    # The header claims 2**31 images of 2**16 x 2**16 pixels; only a few bytes follow.
    header = fm.IMAGE_MAGIC.to_bytes(4, "big") + (2**31).to_bytes(4, "big") + (2**16).to_bytes(4, "big") * 2
    path = tmp_path / "huge.gz"
    with gzip.open(path, "wb") as f:
        f.write(header + b"\0" * 100)
    with pytest.raises(fm.DatasetError, match="says its shape is"):
        fm.read_idx(path, fm.IMAGE_MAGIC, (10, 28, 28))


def test_short_body_is_named(tmp_path):
    raw = idx_bytes(fm.LABEL_MAGIC, np.zeros(10, np.uint8))[:-3]
    path = tmp_path / "short.gz"
    with gzip.open(path, "wb") as f:
        f.write(raw)
    with pytest.raises(fm.DatasetError, match=r"short\.gz holds 7 data bytes .* promises 10"):
        fm.read_idx(path, fm.LABEL_MAGIC, (10,))


def test_longer_body_is_named(tmp_path):
    path = tmp_path / "long.gz"
    with gzip.open(path, "wb") as f:
        f.write(idx_bytes(fm.LABEL_MAGIC, np.zeros(10, np.uint8)) + b"extra")
    with pytest.raises(fm.DatasetError, match=r"long\.gz holds 11 data bytes"):
        fm.read_idx(path, fm.LABEL_MAGIC, (10,))


def test_truncated_gzip_is_named(tmp_path):
    path = write_idx(tmp_path / "cut.gz", fm.IMAGE_MAGIC, np.random.randint(0, 255, (50, 28, 28)))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(fm.DatasetError, match=r"cut\.gz is not a readable gzip file .*truncated or corrupt"):
        fm.read_idx(path, fm.IMAGE_MAGIC, (50, 28, 28))


def test_bad_crc_is_named(tmp_path):
    path = write_idx(tmp_path / "crc.gz", fm.LABEL_MAGIC, np.arange(10, dtype=np.uint8))
    data = bytearray(path.read_bytes())
    data[-8] ^= 0xFF  # the CRC-32 of the uncompressed data sits in the last 8 bytes
    path.write_bytes(bytes(data))
    with pytest.raises(fm.DatasetError, match=r"crc\.gz is not a readable gzip file"):
        fm.read_idx(path, fm.LABEL_MAGIC, (10,))


def test_not_gzip_at_all_is_named(tmp_path):
    path = tmp_path / "plain.gz"
    path.write_bytes(b"<html>404 Not Found</html>")
    with pytest.raises(fm.DatasetError, match=r"plain\.gz is not a readable gzip file"):
        fm.read_idx(path, fm.LABEL_MAGIC, (10,))


def _fake_test_split(folder, labels=None, count=10000):
    """Well-formed but fake test-split files (zeros) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_idx(folder / "t10k-images-idx3-ubyte.gz", fm.IMAGE_MAGIC, np.zeros((count, 28, 28), np.uint8))
    if labels is None:
        labels = np.arange(count) % 10
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", fm.LABEL_MAGIC, np.asarray(labels, np.uint8))


def test_labels_outside_0_to_9_are_named(tmp_path):
    labels = np.arange(10000) % 10
    labels[1234] = 12
    _fake_test_split(tmp_path, labels)
    with pytest.raises(fm.DatasetError, match=r"t10k-labels-idx1-ubyte\.gz has label 12 at position 1234"):
        fm.decode_split("test", tmp_path)


def test_image_and_label_counts_that_disagree_are_named(tmp_path):
    _fake_test_split(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", fm.LABEL_MAGIC, np.zeros(9000, np.uint8))
    with pytest.raises(fm.DatasetError, match=r"labels-idx1-ubyte\.gz says its shape is \(9000,\)"):
        fm.decode_split("test", tmp_path)


def test_well_formed_files_that_are_not_the_release_are_refused(tmp_path):
    _fake_test_split(tmp_path)
    with pytest.raises(fm.DatasetError, match=r"t10k-images-idx3-ubyte\.gz is a well-formed IDX file but not"):
        fm.decode_split("test", tmp_path)


def test_search_order(isolated, monkeypatch):
    assert fm.search_dirs() == [str(isolated / "mxnet-home" / "datasets" / "fashion-mnist"),
                                str(isolated / "no-debian")]
    monkeypatch.setenv("D2L_DATA_DIR", str(isolated / "mine"))
    assert fm.search_dirs() == [str(isolated / "mine" / "fashion-mnist")]
    assert fm.search_dirs(isolated / "given") == [str(isolated / "given")]


def test_locate_wants_all_four_files(isolated, real_data_dir):
    user = isolated / "mxnet-home" / "datasets" / "fashion-mnist"
    user.mkdir(parents=True)
    shutil.copy(os.path.join(real_data_dir, "t10k-labels-idx1-ubyte.gz"), user)
    assert fm.locate() is None
    for name in fm.FILES:
        shutil.copy(os.path.join(real_data_dir, name), user)
    assert fm.locate() == str(user)


def test_no_data_and_downloads_off_lists_the_remedies(isolated, monkeypatch):
    monkeypatch.setenv("D2L_OFFLINE", "1")
    with pytest.raises(fm.DatasetError) as err:
        fm.load_split("train")
    message = str(err.value)
    assert "Fashion-MNIST was not found" in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert "python -m d2lhelpers data --fetch" in message
    assert "D2L_DATA_DIR" in message


def test_split_name_is_checked():
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        fm.load_split("validation")


@pytest.fixture
def test_split_copy(isolated, real_data_dir, monkeypatch):
    """The real files copied into an isolated D2L_DATA_DIR, with an empty cache."""
    folder = isolated / "data" / "fashion-mnist"
    folder.mkdir(parents=True)
    for name in fm.FILES:
        shutil.copy(os.path.join(real_data_dir, name), folder)
    monkeypatch.setenv("D2L_DATA_DIR", str(isolated / "data"))
    return folder


def test_real_test_split_decodes_and_is_cached(test_split_copy, monkeypatch):
    images, labels = fm.load_split("test")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels).tolist() == [1000] * 10
    cached = sorted(os.listdir(fm.cache_dir()))
    assert len(cached) == 2 and all(name.startswith("test-") for name in cached)

    def no_decoding(*args):
        raise AssertionError("decoded again although the cache is good")

    monkeypatch.setattr(fm, "decode_split", no_decoding)
    images2, labels2 = fm.load_split("test")
    np.testing.assert_array_equal(images2, images)
    np.testing.assert_array_equal(labels2, labels)


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_damaged_cache_is_rebuilt_not_trusted(test_split_copy, damage):
    images, _ = fm.load_split("test")
    cache = fm.cache_dir()
    (name,) = [n for n in os.listdir(cache) if n.startswith("test-images")]
    path = os.path.join(cache, name)
    data = bytearray(open(path, "rb").read())
    if damage == "flip":
        data[-1000] ^= 0x55
    else:
        data = data[: len(data) // 2]
    open(path, "wb").write(bytes(data))
    again, _ = fm.load_split("test")
    np.testing.assert_array_equal(again, images)
    assert open(path, "rb").read() != bytes(data)  # the damaged copy was replaced


def test_changed_source_makes_the_cache_stale(test_split_copy):
    fm.load_split("test")
    before = set(os.listdir(fm.cache_dir()))
    labels = test_split_copy / "t10k-labels-idx1-ubyte.gz"
    os.utime(labels, ns=(0, 0))
    fm.load_split("test")
    after = set(os.listdir(fm.cache_dir()))
    assert len(after) == 2 and after != before  # new files, the stale ones removed
