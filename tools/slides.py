"""Slide layout: which slides are cut off on a projected screen, and where to split them.

    python tools/slides.py notebooks/*.ipynb
        name every slide the last measurement found cut off (taller than the screen)
    python tools/slides.py --fix notebooks/*.ipynb
        start a sub-slide wherever a slide overflows, and cut a long markdown cell at paragraph
        breaks; a single cell that is too tall by itself is named

Both read the heights the browser measured: `make slides` (tests/browser/test_slides.py) opens
each slideshow in Chromium with the course's projector style (notebooks/rise.css) at 1280x720
and 1920x1080, measures every slide and every cell with its fragments shown, and writes the
heights to build/slides/ (`--measured FOLDER` reads another folder). That measurement is the
only judge of what fits; there is no estimate to disagree with it. A measurement of an older
version of a notebook is refused (the notebook's fingerprint is stored with it).

A slide is a cell of type `slide` or `subslide` and the cells that follow it up to the next
one (`skip` and `notes` cells are not shown); fragments are counted, since the slide ends with
all of them shown. In the slideshow a code cell's code and a long printed output scroll in
boxes of their own and figures are scaled to the screen (rise.css), so a code cell always
fits; what can overflow is markdown and a slide of several cells.
"""

import argparse
import json
import math
import sys
from pathlib import Path

import nbformat

REPORTS = Path(__file__).resolve().parent.parent / "build" / "slides"
MARGIN = 0.03      # --fix aims 3 % below the screen: repeated measurements of a slide
                   # with math differ by up to about 20 px at 1280x720
WRAP = 90
HIDDEN = {"skip", "notes"}
STARTS = {"slide", "subslide"}


def cell_lines(cell):
    """Lines a cell's text takes, roughly: only to share a measured markdown height among its
    paragraphs when --fix cuts it."""
    lines = 0
    for line in cell.source.splitlines() or [""]:
        lines += 2 if line.startswith("#") and cell.cell_type == "markdown" else max(1, math.ceil(len(line) / WRAP))
    if cell.cell_type == "code":
        lines += 1
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                lines += min(12, out.text.count("\n") + 1)
            elif "image/png" in out.get("data", {}):
                height = out.get("metadata", {}).get("image/png", {}).get("height", 300)
                lines += math.ceil(height / 24)
            elif "text/plain" in out.get("data", {}):
                lines += min(12, out.data["text/plain"].count("\n") + 1)
    return lines


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def slides(nb):
    """[(first cell index, [cell indices], estimated lines)] for the visible slides."""
    groups = []
    for i, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if kind in HIDDEN:
            continue
        if kind in STARTS or not groups:
            groups.append([i, [], 0])
        groups[-1][1].append(i)
        groups[-1][2] += cell_lines(cell)
    return [tuple(g) for g in groups]


def split(nb, height, budget):
    """Start a sub-slide at each visible cell that would push its slide past `budget`.

    `height(i)` is the height of cell i in the unit of `budget`. Returns the cells changed."""
    changed, used = [], 0
    for i, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if kind in HIDDEN:
            continue
        h = height(i)
        if kind in STARTS:
            used = h
        elif used > 0 and used + h > budget:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "subslide"
            changed.append(i)
            used = h
        else:
            used += h
    return changed


# ---------------------------------------------------------------------------- measured heights

class StaleMeasurement(Exception):
    pass


def report_for(path, measured):
    """The browser test's measurements of the notebook at `path` (a report file or its folder)."""
    measured = Path(measured)
    if measured.is_dir():
        rel = Path(path).resolve().relative_to(Path(__file__).resolve().parent.parent / "notebooks")
        measured = measured / (rel.as_posix().replace("/", "__").removesuffix(".ipynb") + ".json")
    if not measured.exists():
        raise StaleMeasurement(f"no measurements for {path} ({measured} does not exist): "
                               "run the browser test first (pytest tests/browser/test_slides.py)")
    return json.loads(measured.read_text())


def fingerprint(nb):
    """What the measurements depend on: each cell's type, slide type, source and outputs."""
    import hashlib

    parts = [[c.cell_type, slide_type(c), c.source, c.get("outputs", [])] for c in nb.cells]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def measured_heights(nb, report):
    """{cell index: fraction of the screen it takes, at the size where it takes most}, and the
    largest share of the screen a slide adds around its cells (padding)."""
    if report.get("fingerprint") != fingerprint(nb):
        raise StaleMeasurement("the measurements are of another version of the notebook: "
                               "run the browser test again (pytest tests/browser/test_slides.py)")
    visible = {i for i, cell in enumerate(nb.cells) if slide_type(cell) not in HIDDEN}
    share, padding = {}, 0.0
    for size, result in report["sizes"].items():
        screen = result["screen"]
        seen = set()
        for slide in result["slides"]:
            for i, h in slide["cells"]:
                share[i] = max(share.get(i, 0.0), h / screen)
                seen.add(i)
            padding = max(padding, (slide["height"] - sum(h for _, h in slide["cells"])) / screen)
        if not visible <= seen:
            raise StaleMeasurement(f"cells {sorted(visible - seen)[:5]} were not measured at {size}: "
                                   "run the browser test again")
    return share, max(padding, 0.0)


def paragraphs(source):
    """The markdown split at blank lines, never inside a code fence or a $$ block."""
    blocks, current, fenced = [], [], False
    for line in source.splitlines():
        if line.strip().startswith("```") or line.strip() == "$$":
            fenced = not fenced
        if not line.strip() and not fenced and current:
            blocks.append("\n".join(current))
            current = []
        elif line.strip() or current:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def split_markdown(nb, share, budget):
    """Cut each markdown cell taller than `budget` at paragraph breaks into cells that fit,
    the later ones starting sub-slides. Heights of the parts are the measured height shared out
    by their estimated lines. Returns the indices (after cutting) of the cells added."""
    import uuid

    added, cells, new_share = [], [], {}
    for i, cell in enumerate(nb.cells):
        blocks = paragraphs(cell.source) if cell.cell_type == "markdown" else []
        if share.get(i, 0) <= budget or len(blocks) < 2:
            new_share[len(cells)] = share.get(i, 0)
            cells.append(cell)
            continue
        lines = [cell_lines(nbformat.v4.new_markdown_cell(b)) + 1 for b in blocks]
        per_line = share[i] / sum(lines)
        parts, used = [[]], 0.0
        for block, n in zip(blocks, lines):
            if parts[-1] and used + n * per_line > budget:
                parts.append([])
                used = 0.0
            parts[-1].append(block)
            used += n * per_line
        for k, part in enumerate(parts):
            piece = nbformat.v4.new_markdown_cell("\n\n".join(part)) if k else cell
            if k:
                piece["id"] = uuid.uuid4().hex[:8]
                piece.metadata["slideshow"] = {"slide_type": "subslide"}
                added.append(len(cells))
            else:
                cell.source = "\n\n".join(part)
            new_share[len(cells)] = share[i] * sum(lines[blocks.index(b)] for b in part) / sum(lines)
            cells.append(piece)
    nb.cells = cells
    return added, new_share


def fix_measured(nb, report):
    """Split by measured heights: long markdown cells at paragraph breaks, then slides between
    cells. Returns (cells that now start a sub-slide, [(cell, px over)] that cannot be split)."""
    share, padding = measured_heights(nb, report)
    budget = 1.0 - padding - MARGIN
    added, share = split_markdown(nb, share, budget)
    changed = sorted(added + split(nb, lambda i: share.get(i, 0.0), budget))
    smallest = min(r["screen"] for r in report["sizes"].values())
    too_tall = [(i, math.ceil((s - budget) * smallest)) for i, s in sorted(share.items()) if s > budget]
    return changed, too_tall


def cut_off(sizes):
    """[(size, slide number, slide id, first cell, px over)] for every slide taller than the
    screen, from a measurement's {"1280x720": {"screen": px, "slides": [...]}, ...}."""
    found = []
    for size, result in sizes.items():
        for number, slide in enumerate(result["slides"], 1):
            over = slide["height"] - result["screen"]
            if over > 0:
                first_cell = slide["cells"][0][0] if slide["cells"] else None
                found.append((size, number, slide["id"], first_cell, over))
    return found


def main(args):
    parser = argparse.ArgumentParser(
        prog="python tools/slides.py", description=__doc__.split("\n\n")[0],
        epilog="Reads the heights `make slides` measured in the browser (build/slides/).")
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="notebooks/NN-*.ipynb")
    parser.add_argument("--fix", action="store_true",
                        help="start sub-slides where a slide overflows, cut long markdown cells")
    parser.add_argument("--measured", default=REPORTS, metavar="FOLDER",
                        help="the folder the browser measurement wrote (default: build/slides)")
    options = parser.parse_args(args)
    paths, measured, do_fix = options.notebooks, options.measured, options.fix
    status = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        try:
            report = report_for(path, measured)
            measured_heights(nb, report)          # refuses a measurement of another version
        except StaleMeasurement as err:
            print(f"{path}: {err}", file=sys.stderr)
            status = 1
            continue
        if not do_fix:
            for size, number, slide, cell, over in cut_off(report["sizes"]):
                print(f"{path}: {size}: slide {number} (#/{slide}, starts at cell {cell}) is {over} px too tall")
                status = 1
            continue
        changed, too_tall = fix_measured(nb, report)
        for cell, over in too_tall:
            start = " ".join(nb.cells[cell].source.split())[:50]
            print(f"{path}: cell {cell} ({nb.cells[cell].cell_type}: {start!r}) alone is about {over} px "
                  "taller than a 1280x720 screen; shorten it, or make its figure or output smaller")
            status = 1
        if changed:
            nbformat.write(nb, path)
        print(f"{path}: {len(changed)} sub-slides added")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
