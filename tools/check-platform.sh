#!/bin/sh
# Stops with a clear message where the course cannot run. The rule itself (Python 3.11 on Linux
# x86_64/aarch64 or macOS x86_64) lives in d2lhelpers/_environment.py, which only needs the
# standard library; this script finds the Python to ask.
python="${1:-python3.11}"
if ! command -v "$python" >/dev/null 2>&1; then
    echo "The course needs Python 3.11, and '$python' was not found." >&2
    echo "Install Python 3.11 (e.g. with pyenv or your package manager) and point make at it:" >&2
    echo "    make lab PYTHON=/path/to/python3.11" >&2
    echo "or install uv (pip install uv), which brings its own Python 3.11, and run make again." >&2
    exit 1
fi
exec "$python" "$(dirname "$0")/../d2lhelpers/_environment.py" "$python"
