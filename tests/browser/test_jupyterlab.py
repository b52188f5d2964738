"""The course as a learner uses it: JupyterLab in a real (headless) browser runs a notebook.

Starts JupyterLab on 127.0.0.1 (a free port, token on), drives Debian's Chromium with
Playwright (no browser download), opens a notebook, runs all cells, waits until the kernel is
idle, checks that no cell shows an error and that a figure rendered, and saves a screenshot in
build/screenshots/. CI installs Chromium (.ci/run); elsewhere the test is skipped, with the
reason, when /usr/bin/chromium is missing.
"""

import json
import os
import re
import shutil
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/02-linear-regression-scratch.ipynb"
# True in the page once the notebook's kernel indicator shows an idle kernel.
KERNEL_IDLE = ("() => document.querySelector('.jp-Notebook-ExecutionIndicator')"
               "?.getAttribute('data-status') === 'idle'")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _lab import launch_chromium, require_chromium  # noqa: E402

require_chromium()

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _lab import free_port, running_lab  # noqa: E402


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a free loopback port, serving a copy of the notebook; yields (URL, token, log).

    The copy keeps JupyterLab's autosave away from the course's own files.
    """
    home = tmp_path_factory.mktemp("lab")
    served = home / "course"
    (served / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / NOTEBOOK, served / NOTEBOOK)
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # No news or update toasts over the notebook.
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    port = free_port()
    jupyter = str(Path(sys.executable).parent / "jupyter")
    log = home / "jupyterlab.log"
    command = [jupyter, "lab", "--ip=127.0.0.1", f"--port={port}", "--no-browser",
               f"--ServerApp.root_dir={served}", "--allow-root"]
    with running_lab(command, port, log, cwd=served, env=env) as (base, token, _):
        yield base, token, log


def settled_kernel(base, token, log, quiet=3.0, timeout=90.0):
    """The id of the notebook's kernel once it has been the only one, idle, for `quiet` seconds.

    Under load JupyterLab sometimes starts a second kernel while opening a notebook and drops
    the first; cells run on the first are then lost. Running only after the server has settled
    on one kernel keeps that start-up race out of the test.
    """
    def sessions():
        with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as reply:
            return json.load(reply)
    deadline, last, since = time.monotonic() + timeout, None, time.monotonic()
    while time.monotonic() < deadline:
        found = sessions()
        kernels = [s["kernel"]["id"] for s in found]
        states = [s["kernel"]["execution_state"] for s in found]
        state = (kernels, states, log.read_text().count("Kernel started"))
        if state != last:
            last, since = state, time.monotonic()
        elif len(kernels) == 1 and states == ["idle"] and time.monotonic() - since >= quiet:
            return kernels[0]
        time.sleep(0.25)
    raise AssertionError(f"JupyterLab did not settle on one idle kernel; sessions: {sessions()}")


def test_run_all_cells_in_jupyterlab(lab):
    base, token, log = lab
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?reset&token={token}")
        status = page.locator(".jp-Notebook-ExecutionIndicator")
        status.wait_for(timeout=60_000)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        kernel = settled_kernel(base, token, log)

        prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
        # Run > Run All Cells, as a learner does. On a loaded machine the first click can land
        # before the notebook takes commands; if no cell is queued or run within 20 s, click again.
        for attempt in range(3):
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
            try:
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                    ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))", timeout=20_000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")      # close the menu if it is still open
        try:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                ".every(p => /\\[\\d+\\]/.test(p.textContent))", timeout=180_000)
        except PlaywrightTimeout:
            page.screenshot(path=str(shots / "jupyterlab-timeout.png"))
            outputs = page.locator(".jp-CodeCell .jp-OutputArea").all_inner_texts()
            raise AssertionError(
                "the notebook did not finish running in JupyterLab; prompts: "
                f"{prompts.all_text_contents()}; screenshot in {shots / 'jupyterlab-timeout.png'}\n"
                f"outputs of the first cells: {[o[:1500] for o in outputs[:3]]}\n"
                f"the run started on kernel {kernel}; "
                f"end of the server's log:\n{log.read_text()[-4000:]}")
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        figures = page.locator(".jp-RenderedImage img")
        if figures.count():
            figures.first.scroll_into_view_if_needed()
            # The notebook paints the cells it scrolled to a few frames later; wait for that.
            page.wait_for_function(
                "img => { const r = img.getBoundingClientRect();"
                " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === img; }",
                arg=figures.first.element_handle(), timeout=10_000)
            page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "jupyterlab-run-all.png"))
        counts = [int(re.search(r"\d+", t).group()) for t in prompts.all_text_contents()]
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
        figure_count = figures.count()
        figure_width = figures.first.evaluate("img => img.naturalWidth") if figure_count else 0
        browser.close()
    code_cells = sum(c["cell_type"] == "code" for c in json.loads((ROOT / NOTEBOOK).read_text())["cells"])
    assert counts == list(range(1, code_cells + 1)), counts  # every cell ran, in order
    assert errors == 0, f"{errors} cells show an error (see {shots / 'jupyterlab-run-all.png'})"
    assert figure_count >= 1 and figure_width > 100
    # The screenshot shows the notebook with its figure, not a blank panel.
    notebook_area = Image.open(shots / "jupyterlab-run-all.png").convert("L").crop((350, 100, 1350, 950))
    assert notebook_area.getcolors(16) is None, "the screenshot's notebook panel is (nearly) blank"
