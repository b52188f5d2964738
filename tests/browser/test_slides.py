"""Every slide of every notebook fits a projected screen, measured in the real slideshow.

Starts one JupyterLab the way `make lab` does (a synced copy of notebooks/, the course's
lab-settings/ and rise.css), opens each notebook's slideshow (jupyterlab_rise), English and
Chinese, in Debian's Chromium, a few at a time, and measures the height of every slide with its
fragments shown, at 1280x720 and at 1920x1080. A slide taller than the screen is cut off; the
test names each one (notebook, slide, overflow in px). It is part of `make test`; `make slides`
runs it alone (`make slides NB=06` for one notebook, in both editions).

The measurements, cell by cell, go to build/slides/<notebook>.json. `python tools/slides.py
notebooks/NN-*.ipynb` reports from them, and `--fix` starts sub-slides and cuts long markdown
where a slide overflows: the measurement is the one judge of what fits.
"""

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1280, 720), (1920, 1080)]
REPORTS = ROOT / "build" / "slides"
PARALLEL = 3          # slideshows loading at once

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _lab import launch_chromium, require_chromium  # noqa: E402

require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
from _lab import free_port, running_lab  # noqa: E402
import course  # noqa: E402
import lab as course_lab  # noqa: E402
import nbformat  # noqa: E402
import slides  # noqa: E402



def chosen(selection):
    """The notebooks to measure: every notebook of every edition, or those whose numbers
    `selection` names (SLIDES_NB, e.g. "06 13" or "notebooks/06-softmax-regression-scratch.ipynb":
    `make slides NB=06`), in every edition."""
    every = [p.relative_to(course.NOTEBOOK_DIR).as_posix() for p in course.all_notebooks()]
    numbers = set(re.findall(r"(?<![0-9])([0-9]{2})(?:-|$|[^0-9])", selection or ""))
    if selection and selection.strip() and not numbers:
        raise pytest.UsageError(f"SLIDES_NB={selection!r} names no notebook: give their numbers, e.g. 06 13")
    picked = [name for name in every if not numbers or Path(name).name[:2] in numbers]
    if numbers and not picked:
        raise pytest.UsageError(f"SLIDES_NB={selection!r}: no course notebook has that number")
    return picked


NOTEBOOKS = chosen(os.environ.get("SLIDES_NB"))

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
    // code and printed output too long for the slide scroll in boxes of their own (rise.css)
    scrolls: [...section.querySelectorAll('.jp-InputArea-editor, .jp-OutputArea-output pre')]
      .filter(box => box.scrollHeight > box.clientHeight + 1).length,
    wide: Math.max(0, section.scrollWidth - slides.clientWidth),   // cut off at the side
    cells: [...section.querySelectorAll('.jp-Cell')].map(c => {
      const style = getComputedStyle(c);
      return [Number(c.dataset.windowedListIndex),
              Math.round(c.offsetHeight + parseFloat(style.marginTop) + parseFloat(style.marginBottom))];
    })}));
  const px = sel => {   // the smallest font size of the elements sel finds, null if none
    const sizes = [...slides.querySelectorAll(sel)].map(e => parseFloat(getComputedStyle(e).fontSize));
    return sizes.length ? Math.min(...sizes) : null; };
  const fonts = {text: px('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li'), code: px('.jp-CodeCell .cm-content, .jp-RenderedMarkdown pre'),
                 output: px('.jp-OutputArea-output pre')};
  sections.forEach((s, i) => props.forEach((p, j) => { s.style[p] = saved[i][j]; }));
  return {screen: slides.clientHeight, slides: out, fonts};
}"""

# No animations or transitions while measuring: the layout is final at once, and a page left
# open costs no CPU (reveal's controls would otherwise pulse forever). Sizes are untouched.
STILL = """document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
  document.head.appendChild(style);
});"""

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


def open_slideshow(context, base, token, name):
    page = context.new_page()
    page.goto(f"{base}/rise/{name}?token={token}", wait_until="commit")
    return page


@pytest.fixture(scope="module")
def measured(server):
    """{notebook: {"1280x720": {"screen": px, "slides": [...]}, ...}} for every notebook."""
    base, token, log = server
    results, measuring = {}, 0.0
    started = time.monotonic()
    waiting = list(NOTEBOOKS)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
        context.add_init_script(STILL)
        # PARALLEL slideshows load at once; the oldest is measured and closed as soon as it is
        # ready, and the next one starts loading, so loading and measuring overlap.
        loading, kept = [], None
        while waiting or loading:
            while waiting and len(loading) < PARALLEL:
                name = waiting.pop(0)
                loading.append((name, open_slideshow(context, base, token, name)))
            name, page = loading.pop(0)
            try:
                # polled every 200 ms: polling on every animation frame would keep three pages drawing
                page.wait_for_function("() => !!document.querySelector('.reveal.ready')", polling=200, timeout=120_000)
            except Exception as err:
                raise AssertionError(f"the slideshow of {name} did not open: {err}\n"
                                     f"end of the server's log:\n{log.read_text()[-3000:]}") from err
            results[name] = {}
            t0 = time.monotonic()
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_function(f"() => document.querySelector('.reveal .slides').clientHeight === {height}",
                                       polling=50)
                results[name][f"{width}x{height}"] = measure(page)
                if (width, height) == SIZES[0] and name == NOTEBOOKS[0]:   # one to look at
                    shots = ROOT / "build" / "screenshots"
                    shots.mkdir(parents=True, exist_ok=True)
                    # no kernel runs here, so JupyterLab asks for one; answer as a presenter would
                    no_kernel = page.locator(".jp-Dialog .jp-mod-reject")
                    if no_kernel.count():
                        no_kernel.first.click()
                        page.wait_for_timeout(300)
                    page.screenshot(path=str(shots / "slide-first-1280x720.png"))
            measuring += time.monotonic() - t0
            if kept is None:
                kept = page       # one slideshow stays open: its renderer's compiled scripts serve the next ones
            else:
                page.close()
        browser.close()
    scrolling = sum(slide["scrolls"] for sizes in results.values() for slide in sizes["1280x720"]["slides"])
    print(f"measured {len(NOTEBOOKS)} slideshows at {len(SIZES)} sizes in {time.monotonic() - started:.1f} s "
          f"({measuring:.1f} s of it measuring); at 1280x720, {scrolling} code or output boxes scroll")
    REPORTS.mkdir(parents=True, exist_ok=True)
    for name, sizes in results.items():
        (REPORTS / (name.replace("/", "__").removesuffix(".ipynb") + ".json")).write_text(
            json.dumps({"notebook": f"notebooks/{name}", "sizes": sizes,
                        "fingerprint": slides.fingerprint(nbformat.read(ROOT / "notebooks" / name, as_version=4))},
                       indent=1))
    return results


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


def test_no_slide_is_wider_than_the_screen(measured):
    """Long code lines scroll sideways inside their box; nothing pushes a slide wider."""
    wide = [(name, size, slide["id"], slide["wide"]) for name, sizes in measured.items()
            for size, result in sizes.items() for slide in result["slides"] if slide["wide"] > 0]
    assert not wide, f"slides wider than the screen (notebook, size, slide, px): {wide}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_slide_is_cut_off(measured, name):
    found = slides.cut_off(measured[name])
    lines = [f"  {size}: slide {number} (#/{slide}, starts at cell {cell}) is {over} px too tall"
             for size, number, slide, cell, over in found]
    assert not found, (f"{len(found)} slides of {name} are cut off:\n" + "\n".join(lines) +
                       f"\nto split them: python tools/slides.py --fix notebooks/{name} (it reads "
                       f"{REPORTS.relative_to(ROOT)}/); a markdown cell it cannot cut needs shortening")
