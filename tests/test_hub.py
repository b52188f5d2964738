"""A class on a JupyterHub, for real: the hub, its proxy, three learners, nbgitpuller, kernels.

The hub runs on 127.0.0.1 with JupyterHub's dummy authenticator and its simple local-process
spawner (each learner's server is a process of this user, with its own home folder in a temporary
folder), behind configurable-http-proxy from npm (.ci/run installs it). Each learner logs in
through the hub's login form, opens the course's nbgitpuller link (tools/links.py, the links
`make links` prints) built from a local clone of the course, which clones the course into their
home, and then runs notebook 02 in their own server through the REST and kernel APIs. Its
printed results must be the stored ones.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import nbformat
import pytest
import requests
import websocket
from nbval.plugin import get_sanitize_patterns

from _lab import free_port

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import links  # noqa: E402

BIN = Path(sys.executable).parent
LEARNERS = ("ada", "grace", "alan")
PASSWORD = "course"
NOTEBOOK = "notebooks/02-linear-regression-scratch.ipynb"
PROXY_PLACES = ("/usr/local/bin/configurable-http-proxy", "/opt/course-ci/hub/node_modules/.bin/configurable-http-proxy")


def proxy_command():
    found = shutil.which("configurable-http-proxy") or next((p for p in PROXY_PLACES if os.access(p, os.X_OK)), None)
    if found:
        return found
    message = ("configurable-http-proxy is missing: install it with "
               "`npm ci --prefix /opt/course-ci/hub` from tools/hub/ (.ci/run does)")
    if os.environ.get("CI"):
        raise RuntimeError(message)
    pytest.skip(message)


def sanitize(text):
    """The course's nbval patterns (tests/sanitize.cfg), read and applied as nbval does."""
    patterns = get_sanitize_patterns((ROOT / "tests" / "sanitize.cfg").read_text())
    for regex, replace in patterns:
        text = re.sub(regex, replace, text)
    return text


HUB_CONFIG = """
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/homes/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"D2L_OFFLINE": "1", "OMP_NUM_THREADS": "1", "MXNET_CPU_WORKER_NTHREADS": "1"}}
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = free_port(), free_port(), free_port()
    (folder / "homes").mkdir()
    (folder / "jupyterhub_config.py").write_text(HUB_CONFIG.format(
        port=port, hub_port=hub_port, api_port=api_port, proxy=proxy_command(), folder=folder,
        password=PASSWORD, singleuser=str(BIN / "jupyterhub-singleuser"),
        args=["--allow-root"] if os.geteuid() == 0 else []))
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    log = folder / "hub.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(folder / "jupyterhub_config.py")],
                                cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if requests.get(f"{url}/hub/api", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        assert proc.poll() is None and requests.get(f"{url}/hub/api", timeout=5).ok, log.read_text()[-4000:]
        yield url, folder, log
    finally:
        proc.terminate()  # the hub stops the learners' servers and its proxy as it exits
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def course_clone(tmp_path_factory):
    """A local clone of the course: what the learners' nbgitpuller links point at."""
    clone = tmp_path_factory.mktemp("remote") / "course"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    branch = subprocess.run(["git", "-C", str(clone), "rev-parse", "--abbrev-ref", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()
    return f"file://{clone}", branch, clone


def log_in(url, name):
    session = requests.Session()
    session.get(f"{url}/hub/login", timeout=30).raise_for_status()
    reply = session.post(f"{url}/hub/login", timeout=120, data={
        "username": name, "password": PASSWORD, "_xsrf": session.cookies.get("_xsrf")})
    reply.raise_for_status()
    assert session.cookies.get("jupyterhub-session-id"), f"{name} was not logged in"
    return session


def follow_link(session, link, name, timeout=150):
    """Open an nbgitpuller link as a browser would: wait while the hub starts the server, then run
    the pull the link's page starts (its event stream). Returns the pull's events."""
    deadline = time.monotonic() + timeout
    while True:
        page = session.get(link, timeout=60)
        if page.ok and f"/user/{name}/git-pull" in page.url:
            break
        assert time.monotonic() < deadline, f"{name}'s server did not start: {page.status_code} {page.url}"
        time.sleep(1)
    api = page.url.replace("/git-pull?", "/git-pull/api?")
    events = []
    with session.get(api, stream=True, timeout=120) as stream:
        for line in stream.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if events[-1].get("phase") in ("finished", "error"):
                    break
    return page, events


def run_notebook(session, server, name, cells):
    """Run the code ``cells`` in a new kernel of the learner's server (REST to start it, the kernel
    websocket to run it). Returns (replies, stdout per cell)."""
    xsrf = session.cookies.get("_xsrf", path=f"/user/{name}/") or session.cookies.get("_xsrf")
    headers = {"X-XSRFToken": xsrf}
    kernel = session.post(f"{server}/api/kernels", json={"name": "python3"}, headers=headers, timeout=60)
    kernel.raise_for_status()
    kernel_id = kernel.json()["id"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    ws = websocket.create_connection(
        f"{server.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels",
        header=[f"Cookie: {cookie}"], origin=server.split("/user/")[0], timeout=300)
    replies, stdout = [], []
    try:
        for source in cells:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": name,
                           "session": uuid.uuid4().hex, "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            # Done when both the reply (shell) and the kernel's return to idle (iopub) have come:
            # the two channels share the socket but not an order.
            text, reply, idle = "", None, False
            while reply is None or not idle:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                    text += msg["content"]["text"]
                elif msg["msg_type"] == "execute_reply":
                    reply = msg["content"]
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
            replies.append(reply)
            stdout.append(text)
    finally:
        ws.close()
        session.delete(f"{server}/api/kernels/{kernel_id}", headers=headers, timeout=60)
    return replies, stdout


def test_three_learners_pull_the_course_and_run_a_notebook(hub, course_clone):
    url, folder, log = hub
    repo, branch, clone = course_clone
    link = links.link(url, repo, branch, NOTEBOOK)
    stored = nbformat.read(ROOT / NOTEBOOK, as_version=4)
    code = [c for c in stored.cells if c.cell_type == "code"]
    expected = [sanitize("".join(o.get("text", "") for o in c.outputs
                                 if o.output_type == "stream" and o.name == "stdout")) for c in code]
    results, errors = {}, []

    def learner(name):
        try:
            session = log_in(url, name)
            page, events = follow_link(session, link, name)
            assert events and events[-1]["phase"] == "finished", events[-3:]
            server = page.url.split("/git-pull")[0]
            home = folder / "homes" / name
            pulled = nbformat.read(home / links.TARGET / NOTEBOOK, as_version=4)
            assert [c.source for c in pulled.cells] == [c.source for c in stored.cells]
            results[name] = run_notebook(session, server, name, [c.source for c in code])
        except BaseException as err:  # reported below with the learner's name
            errors.append((name, err))

    threads = [threading.Thread(target=learner, args=(name,)) for name in LEARNERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=400)
    assert not errors, f"{errors}\nhub log:\n{log.read_text()[-4000:]}"
    assert sorted(results) == sorted(LEARNERS)
    for name, (replies, stdout) in results.items():
        failed = [(c.source[:50], r.get("ename"), r.get("evalue")) for c, r in zip(code, replies)
                  if r["status"] != "ok"]
        assert not failed, f"{name}: {failed}"
        assert [sanitize(s) for s in stdout] == expected, name
    # each learner's copy is their own, in their own home
    homes = {name: (folder / "homes" / name / links.TARGET).resolve() for name in LEARNERS}
    assert len(set(homes.values())) == 3 and all(h.is_dir() for h in homes.values())


def test_a_learner_pulling_again_keeps_their_edit_and_gets_the_new_notebook(hub, course_clone):
    url, folder, log = hub
    repo, branch, clone = course_clone
    name = LEARNERS[0]
    session = log_in(url, name)
    link = links.link(url, repo, branch, NOTEBOOK)
    follow_link(session, link, name)
    mine = folder / "homes" / name / links.TARGET / NOTEBOOK
    nb = nbformat.read(mine, as_version=4)
    nb.cells[0].source += "\n\nMy note."
    nbformat.write(nb, mine)
    # the teacher adds a file to the course
    (clone / "notebooks" / "news.md").write_text("Next week: notebook 03.\n")
    subprocess.run(["git", "-C", str(clone), "add", "notebooks/news.md"], check=True)
    subprocess.run(["git", "-C", str(clone), "-c", "user.name=Teacher", "-c", "user.email=t@example.org",
                    "commit", "--quiet", "-m", "news"], check=True)
    page, events = follow_link(session, link, name)
    assert events[-1]["phase"] == "finished", events[-3:]
    assert "My note." in nbformat.read(mine, as_version=4).cells[0].source
    assert (mine.parent / "news.md").read_text() == "Next week: notebook 03.\n"
