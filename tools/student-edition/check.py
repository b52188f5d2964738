"""Run notebooks top to bottom in a fresh kernel and report each one's time (`make test`).

    python tools/check.py notebooks/01-linear-regression.ipynb [...]

Each notebook runs from a copy in a temporary folder, so the files handed out stay as they were.
The exit status is 1 if any notebook stops with an error, which is then printed.
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path


def run(path):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, tmp)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": tmp}})
        try:
            client.execute()
        except CellExecutionError as err:
            return str(err)
    return None


def main(paths):
    if not paths:
        raise SystemExit(__doc__)
    failed = 0
    for name in paths:
        path = Path(name)
        if not path.is_file():
            print(f"{name}: no such notebook", file=sys.stderr)
            failed += 1
            continue
        start = time.perf_counter()
        error = run(path)
        seconds = time.perf_counter() - start
        if error:
            failed += 1
            print(f"FAILED {path.name} ({seconds:.1f} s):\n{error}", file=sys.stderr)
        else:
            print(f"ok     {path.name} ({seconds:.1f} s)")
    print(f"{len(paths) - failed} of {len(paths)} notebooks ran without an error")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
