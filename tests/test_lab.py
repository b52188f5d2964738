"""`make lab` serves on 127.0.0.1 only, with token authentication on; its set-up checks speak plainly."""

import json
import os
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _lab import free_port, running_lab  # noqa: E402

ROOT = Path(__file__).parent.parent


def make_dry_run(*args):
    """What `make` would run (without running anything), continuation lines joined."""
    out = subprocess.run(["make", "-s", "-n", "-C", str(ROOT), *args], capture_output=True,
                         text=True, check=True).stdout
    return out.replace("\\\n", " ").splitlines()


def listening_addresses(port):
    """The local addresses of the sockets listening on ``port`` (Linux's /proc/net tables)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = [raw[i:i + 4][::-1] for i in range(0, len(raw), 4)]  # little-endian words
                found.append(".".join(map(str, words[0])) if len(raw) == 4 else b"".join(words).hex())
    return found


@pytest.fixture
def lab(tmp_path):
    port = free_port()
    (line,) = [l for l in make_dry_run("lab", f"PORT={port}") if "jupyter lab" in l]
    command = shlex.split(line)
    command[0] = str(ROOT / command[0])
    with running_lab(command + ["--no-browser"], port, tmp_path / "lab.log", cwd=ROOT,
                     env={**os.environ, "D2L_WORK_DIR": str(tmp_path / "work")}) as (base, token, _):
        yield base, token, port


def test_lab_needs_the_token_and_listens_on_loopback_only(lab):
    base, token, port = lab
    api = f"{base}/api/contents"  # the learner's copy of notebooks/
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(api, timeout=10)
    assert err.value.code == 403
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{api}?token=not-{token}", timeout=10)
    assert err.value.code == 403
    with urllib.request.urlopen(f"{api}?token={token}", timeout=10) as response:
        listing = json.load(response)
    assert any(item["name"].endswith(".ipynb") for item in listing["content"])
    if sys.platform == "linux":
        assert listening_addresses(port) == ["127.0.0.1"]
