"""Re-execute notebooks in place, top to bottom in a fresh kernel, and tidy what they store.

    python tools/refresh.py notebooks/*.ipynb            (make refresh)
    python tools/refresh.py --timings notebooks/*.ipynb  (make timings: run, write nothing)

Each notebook runs in its own folder, as nbval runs it. Cell metadata keeps only what the
course uses (tags, slide types); notebook metadata keeps the kernel spec and language.
Prints a table of each notebook's wall time, kernel start included.
"""

import sys
import time
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KEEP_CELL_METADATA = ("tags", "slideshow")
KEEP_NB_METADATA = ("kernelspec", "language_info")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def tidy(nb):
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NB_METADATA}
    nb.metadata["kernelspec"] = KERNELSPEC
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if not cell.get("id"):
            cell["id"] = uuid.uuid4().hex[:8]
    return nb


def refresh(path, write=True):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    seconds = time.perf_counter() - start
    if write:
        nbformat.validate(tidy(nb))
        nbformat.write(nb, path)
    return seconds


def main(args):
    write = "--timings" not in args
    paths = [a for a in args if a != "--timings"]
    total = 0.0
    print("| notebook | seconds |\n|---|---|")
    for path in paths:
        seconds = refresh(path, write)
        total += seconds
        print(f"| {Path(path).stem} | {seconds:.1f} |", flush=True)
    print(f"| all, one after another | {total:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
