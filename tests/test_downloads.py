"""Downloading Fashion-MNIST, against a real HTTP server on 127.0.0.1 that the tests start.

The server plays the mirror (``MXNET_GLUON_REPO`` points at it) and misbehaves on demand.
"""

import hashlib
import http.server
import os
import subprocess
import sys
import threading
import time

import pytest

from d2lhelpers import fashion_mnist as fm

NAME = "t10k-labels-idx1-ubyte.gz"


class Mirror(http.server.ThreadingHTTPServer):
    """Serves ``files`` (name -> bytes); ``behaviour`` (name -> list of modes) scripts failures."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.files, self.behaviour, self.requests = {}, {}, []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        name = self.path.rsplit("/", 1)[-1]
        server.requests.append(name)
        modes = server.behaviour.get(name, [])
        mode = modes.pop(0) if modes else "ok"
        body = server.files.get(name)
        if body is None or mode == "404":
            self.send_error(404, "Not Found")
            return
        if mode == "500":
            self.send_error(500, "Internal Server Error")
            return
        if mode == "wrong":
            body = bytes(b ^ 0xFF for b in body)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "die":  # promise everything, send half, hang up
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        if mode == "slow":  # send a little, then stall for longer than the client waits
            self.wfile.write(body[:10])
            self.wfile.flush()
            time.sleep(fm.TIMEOUT * 4)
            return
        self.wfile.write(body)


@pytest.fixture
def mirror(isolated, monkeypatch):
    server = Mirror()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("MXNET_GLUON_REPO", server.url)
    monkeypatch.setattr(fm, "TIMEOUT", 0.5)
    monkeypatch.setattr(fm, "BACKOFF", 0.01)
    yield server
    server.shutdown()
    server.server_close()


def serve(mirror, monkeypatch, name, body):
    """Serve ``body`` as ``name`` and pin its SHA-1 as the canonical one."""
    mirror.files[name] = body
    monkeypatch.setitem(fm.FILES, name, (hashlib.sha1(body).hexdigest(), fm.FILES[name][1]))


def leftovers(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_a_good_download_is_verified_and_saved(mirror, monkeypatch, tmp_path):
    serve(mirror, monkeypatch, NAME, b"good bytes" * 1000)
    path = fm.download(NAME, str(tmp_path / "d"), progress=False)
    assert open(path, "rb").read() == b"good bytes" * 1000
    assert leftovers(tmp_path / "d") == [NAME]
    assert mirror.requests == [NAME]


def test_a_transient_server_error_is_retried(mirror, monkeypatch, tmp_path):
    serve(mirror, monkeypatch, NAME, b"x" * 5000)
    mirror.behaviour[NAME] = ["500"]
    fm.download(NAME, str(tmp_path), progress=False)
    assert mirror.requests == [NAME, NAME] and leftovers(tmp_path) == [NAME]


def test_server_dying_mid_transfer_leaves_nothing(mirror, monkeypatch, tmp_path):
    serve(mirror, monkeypatch, NAME, b"y" * 200_000)
    mirror.behaviour[NAME] = ["die"] * fm.ATTEMPTS
    with pytest.raises(fm.DownloadError, match=f"failed {fm.ATTEMPTS} times.*(stopped after|broke)"):
        fm.download(NAME, str(tmp_path), progress=False)
    assert leftovers(tmp_path) == []
    assert len(mirror.requests) == fm.ATTEMPTS


def test_server_dying_once_then_recovering_gives_a_good_file(mirror, monkeypatch, tmp_path):
    serve(mirror, monkeypatch, NAME, b"z" * 200_000)
    mirror.behaviour[NAME] = ["die"]
    fm.download(NAME, str(tmp_path), progress=False)
    assert open(tmp_path / NAME, "rb").read() == b"z" * 200_000


def test_wrong_bytes_fail_the_checksum_and_leave_nothing(mirror, monkeypatch, tmp_path):
    serve(mirror, monkeypatch, NAME, b"w" * 3000)
    mirror.behaviour[NAME] = ["wrong"] * fm.ATTEMPTS
    with pytest.raises(fm.DownloadError, match="do not match the pinned SHA-1"):
        fm.download(NAME, str(tmp_path), progress=False)
    assert leftovers(tmp_path) == []


def test_404_fails_at_once_with_the_address(mirror, tmp_path):
    with pytest.raises(fm.DownloadError, match=r"127\.0\.0\.1:\d+/gluon/dataset/fashion-mnist/t10k-labels-idx1-ubyte\.gz answered HTTP 404"):
        fm.download(NAME, str(tmp_path), progress=False)
    assert mirror.requests == [NAME]  # not retried
    assert leftovers(tmp_path) == []


def test_a_stalled_server_times_out_and_leaves_nothing(mirror, monkeypatch, tmp_path):
    serve(mirror, monkeypatch, NAME, b"s" * 50_000)
    mirror.behaviour[NAME] = ["slow"] * fm.ATTEMPTS
    start = time.monotonic()
    with pytest.raises(fm.DownloadError, match=r"no data for 0\.5 s|connection broke"):
        fm.download(NAME, str(tmp_path), progress=False)
    assert time.monotonic() - start < 10
    assert leftovers(tmp_path) == []


def test_no_network_fails_fast_with_the_remedies(isolated, monkeypatch):
    monkeypatch.setenv("MXNET_GLUON_REPO", "https://fashion-mnist.invalid/")
    start = time.monotonic()
    with pytest.raises(fm.DatasetError) as err:
        fm.load_split("test")
    assert time.monotonic() - start < 10
    message = str(err.value)
    assert "Fashion-MNIST was not found" in message and "apt-get install dataset-fashion-mnist" in message
    assert "The download failed" in message and "fashion-mnist.invalid" in message


def test_a_closed_port_fails_with_the_remedies(isolated, monkeypatch):
    monkeypatch.setenv("MXNET_GLUON_REPO", "http://127.0.0.1:9/")  # the discard port: closed
    monkeypatch.setattr(fm, "BACKOFF", 0.01)
    with pytest.raises(fm.DatasetError, match=r"(?s)not found.*cannot connect"):
        fm.fetch()


def test_only_https_or_an_explicit_mirror(monkeypatch):
    monkeypatch.delenv("MXNET_GLUON_REPO", raising=False)
    assert fm.mirror_url(NAME).startswith("https://")
    monkeypatch.setenv("MXNET_GLUON_REPO", "ftp://example.org/")
    with pytest.raises(fm.DownloadError, match="not an http"):
        fm.mirror_url(NAME)


def test_the_whole_set_downloads_when_found_nowhere(mirror, monkeypatch, real_data_dir):
    """No local copy: the four files come from the mirror, are verified, decoded and cached."""
    for name in fm.FILES:
        serve(mirror, monkeypatch, name, open(os.path.join(real_data_dir, name), "rb").read())
    images, labels = fm.load_split("test")
    assert images.shape == (10000, 28, 28) and labels.shape == (10000,)
    assert sorted(mirror.requests) == sorted(fm.FILES)
    assert fm.locate() == fm.user_dir()


def test_unwritable_download_folder_is_named(mirror, monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fm.tempfile, "mkstemp", refuse)
    with pytest.raises(fm.DownloadError, match="cannot write to .*Permission denied.*D2L_DATA_DIR"):
        fm.download(NAME, str(tmp_path), progress=False)


def test_a_full_disk_during_download_leaves_nothing(mirror, monkeypatch, tmp_path):
    serve(mirror, monkeypatch, NAME, b"f" * 10_000)

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fm.os, "replace", disk_full)
    with pytest.raises(fm.DownloadError, match="No space left on device"):
        fm.download(NAME, str(tmp_path), progress=False)
    assert leftovers(tmp_path) == []


def test_a_cache_that_cannot_be_written_still_gives_the_data(isolated, monkeypatch, real_data_dir):
    monkeypatch.setenv("D2L_DATA_DIR", str(isolated / "data"))
    os.makedirs(isolated / "data")
    os.symlink(real_data_dir, isolated / "data" / "fashion-mnist")
    monkeypatch.setattr(fm, "cache_dir", lambda: str(isolated / "cache-dir"))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fm.np, "save", disk_full)
    with pytest.warns(RuntimeWarning, match="could not cache .*No space left on device"):
        images, labels = fm.load_split("test")
    assert images.shape == (10000, 28, 28)
    assert leftovers(isolated / "cache-dir") == []  # no torn or partial file


CONCURRENT = """
import sys
from d2lhelpers import fashion_mnist as fm
images, labels = fm.load_split("test")
print(images.shape[0], int(labels.sum()))
"""


def test_processes_caching_at_once_leave_one_good_copy(isolated, real_data_dir):
    env = {**os.environ, "D2L_DATA_DIR": str(isolated / "data"), "PYTHONPATH": os.getcwd()}
    os.makedirs(isolated / "data")
    os.symlink(real_data_dir, isolated / "data" / "fashion-mnist")
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    assert len({out for out, _ in results}) == 1 and results[0][0].startswith("10000 ")
    cached = leftovers(isolated / "data" / "fashion-mnist" / "decoded")
    assert len(cached) == 2 and not any(name.endswith(".part") for name in cached)


def test_processes_downloading_at_once_leave_one_good_copy(mirror, monkeypatch, isolated, tmp_path):
    body = os.urandom(300_000)
    serve(mirror, monkeypatch, NAME, body)
    script = (
        "import sys; from d2lhelpers import fashion_mnist as fm\n"
        f"fm.FILES[{NAME!r}] = ({hashlib.sha1(body).hexdigest()!r}, '')\n"
        f"fm.download({NAME!r}, {str(tmp_path / 'dl')!r}, progress=False)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script], env=dict(os.environ),
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    assert leftovers(tmp_path / "dl") == [NAME]
    assert open(tmp_path / "dl" / NAME, "rb").read() == body
