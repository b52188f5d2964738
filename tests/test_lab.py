"""`make lab` serves on 127.0.0.1 only, with token authentication on."""

import json
import os
import re
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_command(port):
    """The command `make lab` runs, as make prints it (without running anything)."""
    out = subprocess.run(["make", "-s", "-n", "-C", str(ROOT), "lab", f"PORT={port}"],
                         capture_output=True, text=True, check=True).stdout
    (line,) = [l for l in out.replace("\\\n", " ").splitlines() if "jupyter lab" in l]
    return line


def test_lab_listens_on_loopback_only_and_keeps_auth_on():
    command = lab_command(8888)
    assert "--ip=127.0.0.1" in command
    for switch in ("token=''", 'token=""', "--no-auth", "disable_check_xsrf", "password=''"):
        assert switch not in command


@pytest.fixture
def lab(tmp_path):
    port = free_port()
    command = shlex.split(lab_command(port))
    command[0] = str(ROOT / command[0])
    proc = subprocess.Popen(command + ["--no-browser", "--ServerApp.open_browser=False"], cwd=ROOT,
                            env={**os.environ, "D2L_WORK_DIR": str(tmp_path / "work")},  # the learner's copy
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    token, deadline = None, time.monotonic() + 60
    while token is None and time.monotonic() < deadline and proc.poll() is None:
        line = proc.stdout.readline()
        match = re.search(rf"http://127\.0\.0\.1:{port}/lab\S*\?token=(\w+)", line)
        token = match and match.group(1)
    while time.monotonic() < deadline and proc.poll() is None:  # the URL may come before the socket
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    yield port, token
    proc.terminate()
    proc.wait(timeout=30)


def test_lab_refuses_requests_without_the_token(lab):
    port, token = lab
    assert token, "JupyterLab did not print a URL with a token"
    api = f"http://127.0.0.1:{port}/api/contents"  # the learner's copy of notebooks/
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(api, timeout=10)
    assert err.value.code == 403
    with urllib.request.urlopen(f"{api}?token={token}", timeout=10) as response:
        listing = json.load(response)
    assert any(item["name"].endswith(".ipynb") for item in listing["content"])


def test_nothing_in_the_repository_turns_auth_off():
    pattern = re.compile(r"token\s*=\s*(''|\"\")|IdentityProvider\.token=|disable_check_xsrf\s*=\s*True")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    offenders = [path for path in tracked if (ROOT / path).is_file()
                 and path != "tests/test_lab.py" and pattern.search((ROOT / path).read_text(errors="ignore"))]
    assert offenders == []
