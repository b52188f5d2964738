"""Re-execute notebooks in place, top to bottom in a fresh kernel, and tidy what they store.

    python tools/refresh.py notebooks/NN-*.ipynb            (make refresh)
    python tools/refresh.py --timings notebooks/NN-*.ipynb  (make timings: run, write nothing)

Each notebook runs in its own folder, as nbval runs it, and keeps only the metadata the course
uses (tools/course.py); the translations then receive the new outputs. Prints a table of each notebook's wall time, kernel start included,
and the kernel's peak memory (the high-water mark of its resident set).
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course import sync_or_pair, tidy  # noqa: E402

# Run in the kernel after the notebook: its own peak resident memory, in MiB (ru_maxrss is in
# KiB on Linux and in bytes on macOS).
PEAK_MEMORY = (
    "import resource as _r, sys as _s\n"
    "print(_r.getrusage(_r.RUSAGE_SELF).ru_maxrss / (2**20 if _s.platform == 'darwin' else 2**10))"
)


def refresh(path, write=True):
    """Execute ``path``; write it back tidied if ``write``. Returns (seconds, peak MiB or None)."""
    nb = nbformat.read(path, as_version=4)
    if not write:
        nb.cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY))
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    seconds = time.perf_counter() - start
    if write:
        nbformat.validate(tidy(nb))
        nbformat.write(nb, path)
        return seconds, None
    return seconds, float(nb.cells[-1].outputs[0]["text"])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tools/refresh.py", description=__doc__.split("\n")[0])
    parser.add_argument("--timings", action="store_true",
                        help="only run and time the notebooks; write nothing")
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks to run")
    args = parser.parse_args(argv)
    total = 0.0
    print("| notebook | seconds | peak memory (MiB) |\n|---|---|---|" if args.timings
          else "| notebook | seconds |\n|---|---|")
    for path in args.paths:
        seconds, peak = refresh(path, write=not args.timings)
        total += seconds
        print(f"| {path.stem} | {seconds:.1f} |" + (f" {peak:.0f} |" if args.timings else ""), flush=True)
    print(f"| all, one after another | {total:.1f} |" + (" |" if args.timings else ""))
    if not args.timings:
        # The translations show the English edition's outputs: copy the new ones over.
        sys.exit(sync_or_pair("sync"))


if __name__ == "__main__":
    main()
