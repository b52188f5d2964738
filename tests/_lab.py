"""The one JupyterLab launcher of the tests: a free loopback port, the token read from the log.

The server's output goes to a file: a pipe nobody reads would stall the server once full.
"""

import contextlib
import os
import re
import socket
import subprocess
import time

CHROMIUM = "/usr/bin/chromium"


def require_chromium(module_level=True):
    """Debian's Chromium, which the browser tests drive. Where it is missing a test is skipped
    with that reason, except in CI (CI=1), where .ci/run installs it and its absence is a failure."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing; .ci/run should have installed Debian's chromium")
        import pytest

        pytest.skip(f"{CHROMIUM} not installed (sudo apt-get install chromium)", allow_module_level=module_level)
    return CHROMIUM


def launch_chromium(playwright):
    """Debian's Chromium, headless, quiet: no sandbox (CI's containers have none), no GPU, no
    background traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_lab(command, port, log, cwd, env=None, timeout=90):
    """Run ``command`` (a JupyterLab serving on 127.0.0.1:``port``); yield (base URL, token, process).

    Waits until the log shows the URL with its token and the port accepts connections; stops
    the server afterwards.
    """
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                text=True)
    try:
        token, deadline = None, time.monotonic() + timeout
        while token is None and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            match = re.search(rf"http://127\.0\.0\.1:{port}/lab\S*\?token=(\w+)", log.read_text())
            token = match and match.group(1)
        while token and time.monotonic() < deadline and proc.poll() is None:
            with socket.socket() as s:  # the URL may be logged before the socket listens
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        assert token, f"JupyterLab did not start with a token; its log:\n{log.read_text()[-4000:]}"
        yield f"http://127.0.0.1:{port}", token, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
