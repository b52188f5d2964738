"""The course's notebooks: which files they are, what they may store, and the student edition.

    python tools/course.py list               the course's notebooks, one per line
    python tools/course.py student [OUTDIR]   write the student edition (make student)

One place for these facts, imported by the other tools and by the tests:

- the notebooks are ``NN-title.ipynb`` files in ``notebooks/`` (the English edition) and, with
  the same file names, in a folder per translation (``notebooks/zh/``);
- cells keep only the metadata the course uses (tags, slide types), notebooks only their kernel
  spec and language;
- a worked solution is a cell tagged ``solution``; the student edition drops those cells and
  clears all outputs, so learners run every cell themselves.
"""

import argparse
import re
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NAME = re.compile(r"\d\d-[a-z0-9-]+\.ipynb")
TRANSLATIONS = ("zh",)

KEEP_CELL_METADATA = ("tags", "slideshow")
KEEP_NB_METADATA = ("kernelspec", "language_info")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SOLUTION_TAG = "solution"


def editions(root=NOTEBOOK_DIR):
    """The folders that hold an edition of the course: English first, then each translation."""
    return [root] + [root / lang for lang in TRANSLATIONS if (root / lang).is_dir()]


def notebooks(folder=NOTEBOOK_DIR):
    """The course's notebooks in ``folder``, in order (stray files such as Untitled.ipynb are not)."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NAME.fullmatch(p.name))


def all_notebooks(root=NOTEBOOK_DIR):
    """Every edition's notebooks."""
    return [path for folder in editions(root) for path in notebooks(folder)]


def strays(root=NOTEBOOK_DIR):
    """Notebooks in an edition's folder that are not the course's (JupyterLab's New notebook)."""
    return sorted(p for folder in editions(root) for p in Path(folder).glob("*.ipynb")
                  if not NAME.fullmatch(p.name))


def stray_message(paths):
    names = ", ".join(str(Path(p).relative_to(ROOT)) if Path(p).is_relative_to(ROOT) else str(p)
                      for p in paths)
    return (f"{names}: not a course notebook (the course's are named NN-title.ipynb). JupyterLab's "
            "New notebook creates such a file; move it out of notebooks/, or give it a course "
            "name if it is a new lesson.")


def is_solution(cell):
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def tidy(nb):
    """Keep only the metadata the course uses; give every cell an id."""
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NB_METADATA}
    nb.metadata["kernelspec"] = KERNELSPEC
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if not cell.get("id"):
            cell["id"] = uuid.uuid4().hex[:8]
    return nb


def student_copy(nb):
    """A copy of ``nb`` without solution cells and without outputs (nbconvert's preprocessors)."""
    import nbformat
    from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

    nb = nbformat.from_dict(nb)
    nb, _ = TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG}).preprocess(nb, {})
    nb, _ = ClearOutputPreprocessor().preprocess(nb, {})
    return nb


def write_student_edition(outdir):
    """Write every edition's student notebooks under ``outdir`` (translations in subfolders)."""
    import nbformat

    outdir = Path(outdir)
    written = []
    for folder in editions():
        target = outdir / folder.relative_to(NOTEBOOK_DIR)
        target.mkdir(parents=True, exist_ok=True)
        for path in notebooks(folder):
            nbformat.write(student_copy(nbformat.read(path, as_version=4)), target / path.name)
            written.append(target / path.name)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tools/course.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print the course's notebooks")
    student = commands.add_parser("student", help="write the student edition")
    student.add_argument("outdir", nargs="?", default=str(ROOT / "student"))
    args = parser.parse_args(argv)
    if args.command == "list":
        print("\n".join(str(p.relative_to(ROOT)) for p in all_notebooks()))
    else:
        written = write_student_edition(args.outdir)
        print(f"wrote {len(written)} student notebooks to {args.outdir}")
    stray = strays()
    if stray:
        print(f"warning: {stray_message(stray)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
