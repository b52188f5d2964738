"""Every slide of every notebook fits a projected screen, measured in the real slideshow.

Starts JupyterLab the way `make lab` does (a synced copy of notebooks/, the course's
lab-settings/ and rise.css), opens each notebook's slideshow (jupyterlab_rise) in Debian's
Chromium at 1280x720 and 1920x1080, and measures the height of every slide with its
fragments shown. A slide taller than the screen is cut off; the test names each one (notebook,
slide, overflow in px). The measurements, cell by cell, go to build/slides/<notebook>.json,
which `python tools/slides.py --fix --measured build/slides notebooks/*.ipynb` reads to start
sub-slides where a slide overflows.
"""

import json
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SIZES = [(1280, 720), (1920, 1080)]
REPORTS = ROOT / "build" / "slides"
PARALLEL = 3          # slideshows loading at once

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; .ci/run should have installed Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (sudo apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
from _lab import free_port, running_lab  # noqa: E402
import course  # noqa: E402
import lab as course_lab  # noqa: E402
import nbformat  # noqa: E402
import slides  # noqa: E402

NOTEBOOKS = [p.relative_to(course.NOTEBOOK_DIR).as_posix() for p in course.all_notebooks()]

# Heights of every slide in CSS px of the window, with its fragments in place. Reveal hides the
# slides away from the current one (display: none); all are shown at once for the measurement
# (they are stacked, absolutely placed, so one does not move another), which lays each out
# exactly as when it is presented (checked against navigating to it), then hidden again.
MEASURE = """() => {
  const slides = document.querySelector('.reveal .slides');
  const sections = [...slides.querySelectorAll('section')];
  const props = ['display', 'height', 'overflowY'];
  const saved = sections.map(s => props.map(p => s.style[p]));
  // Show every slide, and undo the scroll box RISE gives a tall slide it has presented.
  sections.forEach(s => { s.style.display = 'block'; s.style.height = ''; s.style.overflowY = ''; });
  const out = sections.filter(s => s.id.startsWith('slide-')).map(section => ({
    id: section.id,
    height: Math.round(section.scrollHeight),
    cells: [...section.querySelectorAll('.jp-Cell')].map(c => {
      const style = getComputedStyle(c);
      return [Number(c.dataset.windowedListIndex),
              Math.round(c.offsetHeight + parseFloat(style.marginTop) + parseFloat(style.marginBottom))];
    })}));
  const px = sel => {   // the smallest font size of the elements sel finds, null if none
    const sizes = [...slides.querySelectorAll(sel)].map(e => parseFloat(getComputedStyle(e).fontSize));
    return sizes.length ? Math.min(...sizes) : null; };
  const fonts = {text: px('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li'), code: px('.jp-CodeCell .cm-content'),
                 output: px('.jp-OutputArea-output pre')};
  sections.forEach((s, i) => props.forEach((p, j) => { s.style[p] = saved[i][j]; }));
  return {screen: slides.clientHeight, slides: out, fonts};
}"""

# Typeset math, images and fonts settle the layout; wait until two measurements agree.
SETTLED_AFTER_MS = 250


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """JupyterLab as `make lab` starts it, on a synced copy of the course; yields (URL, token)."""
    home = tmp_path_factory.mktemp("slides")
    work = home / "work"
    course_lab.sync(work=work)
    env = {**os.environ, "D2L_WORK_DIR": str(work),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    port = free_port()
    log = home / "jupyterlab.log"
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--ip=127.0.0.1", f"--port={port}",
               "--no-browser", "--allow-root", *course_lab.lab_args(work),
               # Slides are measured with their stored outputs; no kernel is needed, so none starts.
               '--KernelSpecManager.allowed_kernelspecs=["no-kernel"]']
    with running_lab(command, port, log, cwd=work, env=env) as (base, token, _):
        yield base, token, log


def measure(page):
    """The slide heights once two readings a little apart agree (math and images are in)."""
    last = None
    for _ in range(20):
        now = page.evaluate(MEASURE)
        if now == last:
            return now
        last = now
        page.wait_for_timeout(SETTLED_AFTER_MS)
    return last


@pytest.fixture(scope="module")
def measured(server):
    """{notebook: {"1280x720": {"screen": px, "slides": [...]}, ...}} for every notebook."""
    base, token, log = server
    results, measuring = {}, 0.0
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        context = browser.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
        for first in range(0, len(NOTEBOOKS), PARALLEL):
            batch = NOTEBOOKS[first:first + PARALLEL]
            pages = []
            for name in batch:
                page = context.new_page()
                page.goto(f"{base}/rise/{name}?token={token}", wait_until="commit")
                pages.append((name, page))
            for name, page in pages:
                try:
                    page.wait_for_selector(".reveal.ready", timeout=120_000)
                except Exception as err:
                    raise AssertionError(f"the slideshow of {name} did not open: {err}\n"
                                         f"end of the server's log:\n{log.read_text()[-3000:]}") from err
                results[name] = {}
                t0 = time.monotonic()
                for width, height in SIZES:
                    page.set_viewport_size({"width": width, "height": height})
                    page.wait_for_function(f"() => document.querySelector('.reveal .slides').clientHeight === {height}")
                    results[name][f"{width}x{height}"] = measure(page)
                    if (width, height) == SIZES[0] and name == NOTEBOOKS[0]:   # one to look at
                        shots = ROOT / "build" / "screenshots"
                        shots.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(shots / "slide-first-1280x720.png"))
                measuring += time.monotonic() - t0
                page.close()
        browser.close()
    print(f"measured {len(NOTEBOOKS)} slideshows at {len(SIZES)} sizes in {time.monotonic() - started:.1f} s "
          f"({measuring:.1f} s of it measuring, the rest loading)")
    REPORTS.mkdir(parents=True, exist_ok=True)
    for name, sizes in results.items():
        (REPORTS / (name.replace("/", "__").removesuffix(".ipynb") + ".json")).write_text(
            json.dumps({"notebook": f"notebooks/{name}", "sizes": sizes,
                        "fingerprint": slides.fingerprint(nbformat.read(ROOT / "notebooks" / name, as_version=4))},
                       indent=1))
    return results


def cut_off(sizes):
    """[(size, slide number, slide id, first cell, overflow px)] for every slide taller than the screen."""
    found = []
    for size, result in sizes.items():
        for number, slide in enumerate(result["slides"], 1):
            over = slide["height"] - result["screen"]
            if over > 0:
                first_cell = slide["cells"][0][0] if slide["cells"] else None
                found.append((size, number, slide["id"], first_cell, over))
    return found


def test_every_slideshow_was_measured(measured):
    assert sorted(measured) == NOTEBOOKS
    for name, sizes in measured.items():
        for size, result in sizes.items():
            width, height = map(int, size.split("x"))
            assert result["screen"] == height, (name, size, result["screen"])
            assert len(result["slides"]) >= 3, (name, size)
            assert all(slide["height"] > 0 for slide in result["slides"]), (name, size)


def test_projector_text_sizes(measured):
    """Body text at least 24 px, code and printed output at least 20 px at 1280x720 (rise.css)."""
    smallest = {"text": [], "code": [], "output": []}
    for name, sizes in measured.items():
        fonts = sizes["1280x720"]["fonts"]
        for kind in smallest:
            if fonts[kind] is not None:
                smallest[kind].append((fonts[kind], name))
    for kind, floor in (("text", 24), ("code", 20), ("output", 20)):
        assert smallest[kind], f"no {kind} found in any slideshow"
        assert min(smallest[kind]) >= (floor, ""), (kind, min(smallest[kind]))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_slide_is_cut_off(measured, name):
    found = cut_off(measured[name])
    lines = [f"  {size}: slide {number} (#/{slide}, starts at cell {cell}) is {over} px too tall"
             for size, number, slide, cell, over in found]
    assert not found, (f"{len(found)} slides of {name} are cut off:\n" + "\n".join(lines) +
                       f"\nto split them: python tools/slides.py --fix --measured {REPORTS.relative_to(ROOT)} "
                       f"notebooks/{name}; a single cell taller than the screen needs a smaller figure "
                       "or output")
