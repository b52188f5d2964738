#!/bin/sh
# Set up the course's virtual environment from a lock file:
#     sh tools/install.sh VENV LOCK [PYTHON]
# Uses uv when it is on the PATH (fast; finds a Python 3.11, or brings its own where the system
# has none), pip otherwise. Installs exactly the locked versions, each checked against its hash,
# then the course's own package. A VENV made by another Python is rebuilt.
set -eu
venv=$1 lock=$2 python=${3:-}
tools=$(dirname "$0")

if [ -e "$venv" ]; then
    have=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || have=
    if [ "$have" != 3.11 ]; then
        if [ -n "$have" ]; then why="it was made by Python $have"; else why="its Python does not run"; fi
        echo "Rebuilding $venv: $why, and the course needs Python 3.11." >&2
        rm -rf "$venv"
    fi
fi

if command -v uv >/dev/null 2>&1; then
    if [ ! -e "$venv" ]; then
        # An explicit PYTHON is used as given; otherwise uv looks for a Python 3.11 (and installs
        # one of its own if there is none and it may download it).
        uv venv --quiet --python "${python:-3.11}" "$venv"
        sh "$tools/check-platform.sh" "$venv/bin/python" || { rm -rf "$venv"; exit 1; }
    fi
    uv pip install --python "$venv/bin/python" --require-hashes --no-deps -r "$lock"
    uv pip install --quiet --python "$venv/bin/python" --no-deps --no-build-isolation -e .
else
    python=${python:-python3.11}
    if [ ! -e "$venv" ]; then
        sh "$tools/check-platform.sh" "$python"
        "$python" -m venv "$venv"
    fi
    pip="$venv/bin/python -m pip --disable-pip-version-check"
    $pip install --quiet --require-hashes --no-deps -r "$lock"
    $pip install --quiet --no-deps --no-build-isolation -e .
fi
