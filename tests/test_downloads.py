"""Downloading Fashion-MNIST, against a real HTTP server on 127.0.0.1 that the tests start.

The server plays the mirror and misbehaves on demand. It serves the real files, as Debian
recompressed them: the content is the release's, the .gz bytes are not Gluon's.
"""

import contextlib
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from d2lhelpers import fashion_mnist as fm
from conftest import copy_data

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
        server.requests.append(self.path)
        modes = server.behaviour.get(name, [])
        mode = modes.pop(0) if modes else "ok"
        body = server.files.get(name)
        if body is None or mode in ("404", "500"):
            self.send_error(int(mode) if mode in ("404", "500") else 404)
            return
        if mode.startswith("redirect "):
            self.send_response(302)
            self.send_header("Location", mode.split(" ", 1)[1])
            self.end_headers()
            return
        if mode == "wrong":
            body = bytes(b ^ 0xFF for b in body)
        self.send_response(200)
        if mode == "endless":  # no length, and bytes until the client hangs up
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"\0" * 65536)
            except OSError:
                return
        self.send_header("Content-Length", str(10**10 if mode == "huge" else len(body)))
        self.end_headers()
        if mode == "die":  # promise everything, send half, hang up
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
        elif mode == "stall":  # send a little, then nothing for longer than the client waits
            self.wfile.write(body[:10])
            self.wfile.flush()
            time.sleep(3)
        elif mode == "drip":  # one byte at a time, never a pause long enough to time out
            with contextlib.suppress(OSError):
                for i in range(len(body)):
                    self.wfile.write(body[i: i + 1])
                    self.wfile.flush()
                    time.sleep(0.1)
        else:
            self.wfile.write(body)


@pytest.fixture
def mirror(private_data):
    server = Mirror()
    for name in fm.FILES:
        server.files[name] = open(os.path.join(private_data, name), "rb").read()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def online(store, mirror):
    """``store`` with downloads on, from the test mirror, and short waits."""
    return store._replace(mirror=mirror.url, offline="", stall=0.5, backoff=0.01, deadline=5.0)


def leftovers(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_a_good_download_is_verified_and_saved(online, mirror, tmp_path):
    path = fm.download(NAME, str(tmp_path / "d"), progress=False, config=online)
    assert open(path, "rb").read() == mirror.files[NAME]  # Debian's recompressed file: accepted
    assert leftovers(tmp_path / "d") == [NAME]
    assert mirror.requests == [f"/gluon/dataset/fashion-mnist/{NAME}"]


def test_a_transient_server_error_is_retried(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["500"]
    fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert len(mirror.requests) == 2 and leftovers(tmp_path) == [NAME]


def test_server_dying_mid_transfer_leaves_nothing(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["die"] * online.attempts
    with pytest.raises(fm.DownloadError, match=f"failed {online.attempts} times.*(stopped after|broke)"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert leftovers(tmp_path) == [] and len(mirror.requests) == online.attempts


def test_server_dying_once_then_recovering_gives_a_good_file(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["die"]
    fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert open(tmp_path / NAME, "rb").read() == mirror.files[NAME]


def test_wrong_bytes_are_refused_and_leave_nothing(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["wrong"] * online.attempts
    with pytest.raises(fm.DownloadError, match="bytes received are not a readable gzip file"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert leftovers(tmp_path) == []


def test_other_content_is_refused(online, mirror, tmp_path):
    mirror.files[NAME] = gzip.compress(bytes(fm.FILES[NAME].size))  # the right size, all zeros
    with pytest.raises(fm.DownloadError, match="bytes received are not the Fashion-MNIST release"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)


def test_404_fails_at_once_with_the_address(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["404"]
    with pytest.raises(fm.DownloadError, match=r"127\.0\.0\.1:\d+/gluon/dataset/fashion-mnist/t10k-labels-idx1-ubyte\.gz answered HTTP 404"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert len(mirror.requests) == 1 and leftovers(tmp_path) == []


def test_a_stalled_server_times_out_and_leaves_nothing(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["stall"] * online.attempts
    start = time.monotonic()
    with pytest.raises(fm.DownloadError, match=r"no data for 0\.2 s|connection broke"):
        fm.download(NAME, str(tmp_path), progress=False, config=online._replace(stall=0.2))
    assert time.monotonic() - start < 5
    assert leftovers(tmp_path) == []


def test_a_drip_feed_meets_the_deadline(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["drip"]
    start = time.monotonic()
    with pytest.raises(fm.DownloadError, match=r"still sending after 0\.7 s \(\d+ bytes so far\)"):
        fm.download(NAME, str(tmp_path), progress=False, config=online._replace(deadline=0.7))
    assert time.monotonic() - start < 3
    assert leftovers(tmp_path) == []


def test_an_endless_body_is_cut_at_the_files_size(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["endless"]
    with pytest.raises(fm.DownloadError, match=r"sent more than 11042 bytes, more than the file can have"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert leftovers(tmp_path) == [] and len(mirror.requests) == 1


def test_an_absurd_length_is_refused_before_reading(online, mirror, tmp_path):
    mirror.behaviour[NAME] = ["huge"]
    with pytest.raises(fm.DownloadError, match=r"announces 10000000000 bytes; the file has at most 11042"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)


def test_a_redirect_to_another_server_is_refused_and_named(online, mirror, tmp_path):
    elsewhere = f"http://127.0.0.2:{mirror.server_address[1]}/{NAME}"
    mirror.behaviour[NAME] = [f"redirect {elsewhere}"]
    with pytest.raises(fm.DownloadError, match=f"redirects to {elsewhere}, on another server"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert len(mirror.requests) == 1  # the other server was never asked


def test_a_redirect_within_the_mirror_is_followed(online, mirror, tmp_path):
    mirror.behaviour[NAME] = [f"redirect /moved/{NAME}"]
    fm.download(NAME, str(tmp_path), progress=False, config=online)
    assert mirror.requests[-1] == f"/moved/{NAME}" and leftovers(tmp_path) == [NAME]


def test_a_full_disk_is_named_with_the_space_needed(online, mirror, tmp_path, monkeypatch):
    def disk_full(dest, chunks):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fm._transfer, "atomic_write", disk_full)
    with pytest.raises(fm.DownloadError, match=r"cannot save .*t10k-labels-idx1-ubyte\.gz: the disk is full: .* needs 5125 bytes and .* has [\d.]+ MB free"):
        fm.download(NAME, str(tmp_path), progress=False, config=online)


def test_an_unwritable_folder_is_named_before_downloading(online, mirror, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(fm.DownloadError, match="cannot write to .*a-file/d .*set D2L_DATA_DIR to a folder of yours"):
        fm.download(NAME, str(tmp_path / "a-file" / "d"), progress=False, config=online)
    assert mirror.requests == []


def test_a_package_folder_is_never_downloaded_into(online, mirror, tmp_path):
    with pytest.raises(fm.DownloadError, match=r"cannot write to .*pkg/fm \(a system package owns it\)"):
        fm.download(NAME, str(tmp_path / "pkg" / "fm"), progress=False, config=online)
    assert not (tmp_path / "pkg").exists() and mirror.requests == []


def test_no_network_fails_fast_with_the_remedies(store):
    start = time.monotonic()
    with pytest.raises(fm.DatasetError) as err:
        fm.load_split("test", config=store._replace(offline="", mirror="https://fashion-mnist.invalid/"))
    assert time.monotonic() - start < 10
    message = str(err.value)
    assert "Fashion-MNIST was not found" in message and "apt-get install dataset-fashion-mnist" in message
    assert "The download failed" in message and "fashion-mnist.invalid" in message


def test_a_closed_port_fails_with_the_remedies(store):
    config = store._replace(offline="", mirror="http://127.0.0.1:9/", backoff=0.01)  # discard port
    with pytest.raises(fm.DatasetError, match=r"(?s)not found.*cannot connect"):
        fm.fetch(config=config)


def test_only_an_http_or_https_mirror(store):
    assert fm.mirror_url(NAME, fm.Config.from_env(env={})).startswith("https://")
    with pytest.raises(fm.DownloadError, match="MXNET_GLUON_REPO='ftp://example.org/' is not an http"):
        fm.mirror_url(NAME, store._replace(mirror="ftp://example.org/"))


def test_the_whole_set_downloads_when_found_nowhere(online, mirror):
    images, labels = fm.load_split("test", config=online)
    assert images.shape == (10000, 28, 28) and labels.shape == (10000,)
    assert sorted(r.rsplit("/", 1)[-1] for r in mirror.requests) == sorted(fm.FILES)
    assert fm.locate(config=online) == online.folders[0]


# ---------------------------------------------------------------- where anything is written

CHANGES = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.chmod",
           "os.truncate", "os.link", "os.symlink", "shutil.rmtree"}
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC


@contextlib.contextmanager
def recorded_writes():
    """Every path this process creates, opens for writing, renames, changes or removes."""
    seen, on = [], [True]

    def hook(event, args):
        if not on[0] or not (event == "open" or event in CHANGES):
            return
        path = args[0]
        if event == "open":
            mode, flags = args[1], args[2]
            if isinstance(path, int) or not ((isinstance(mode, str) and set(mode) & set("wax+"))
                                              or (flags or 0) & WRITING):
                return
        if isinstance(path, (str, bytes, os.PathLike)):
            seen.append(os.path.abspath(os.fsdecode(path)))

    sys.addaudithook(hook)  # a hook stays for the process's life; this one is switched off below
    try:
        yield seen
    finally:
        on[0] = False


def test_every_write_lands_in_the_tests_own_folder(online, private_data, tmp_path):
    """Download, decode, keep, find a copy damaged and rebuild it, read from a package's folder:
    nothing is written anywhere but the test's folder, and nothing at all in the package's."""
    pkg = tmp_path / "pkg" / "fashion-mnist"  # `store` counts tmp_path/pkg as a package's
    copy_data(private_data, pkg, link=fm.FILES)
    with recorded_writes() as writes:
        fm.load("test", config=online, progress=False)  # downloads all four files
        with open(os.path.join(online.caches[0], "t10k-labels-idx1-ubyte"), "r+b") as f:
            f.write(b"\xff")
        with pytest.warns(RuntimeWarning, match="is damaged"):
            fm.load("test", config=online)
        with pytest.warns(RuntimeWarning, match="every cache folder belongs to a system package"):
            fm.load("test", config=online._replace(folders=(str(pkg),), caches=(str(pkg / "decoded"),)))
    writes = [w for w in writes if "__pycache__" not in w]
    assert any(w.startswith(online.folders[0]) for w in writes)  # the hook did see the writes
    assert all(w.startswith(str(tmp_path) + os.sep) for w in writes), writes
    assert not any(w.startswith(str(tmp_path / "pkg")) for w in writes)


# ---------------------------------------------------------------- several processes at once

# Each process loads the store's modules without the package's own start (no MXNet), with the
# test's configuration.
PROCESS = """
import json, os, sys, types
package = types.ModuleType("d2lhelpers")
package.__path__ = [os.path.dirname(sys.argv[1])]
sys.modules["d2lhelpers"] = package
from d2lhelpers import fashion_mnist as fm
config = fm.Config(**{k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(sys.argv[2]).items()})
"""


def run_at_once(n, code, config):
    argv = [sys.executable, "-c", PROCESS + code, fm.__file__, json.dumps(config._asdict())]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(n)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    return [out for out, _ in results]


@pytest.mark.integration
def test_processes_caching_at_once_leave_one_good_copy(data):
    before = leftovers(data.folders[0])
    code = "images, labels = fm.load_split('test', config=config)\nprint(images.shape[0], int(labels.sum()))"
    outs = run_at_once(4, code, data)
    assert len(set(outs)) == 1 and outs[0].startswith("10000 ")
    assert leftovers(data.caches[0]) == ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
    assert leftovers(data.folders[0]) == before


@pytest.mark.integration
def test_processes_downloading_at_once_leave_one_good_copy(online, mirror, tmp_path):
    code = f"fm.download({NAME!r}, {str(tmp_path / 'dl')!r}, progress=False, config=config)"
    run_at_once(3, code, online)
    assert leftovers(tmp_path / "dl") == [NAME]
    assert open(tmp_path / "dl" / NAME, "rb").read() == mirror.files[NAME]
