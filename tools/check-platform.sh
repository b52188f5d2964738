#!/bin/sh
# Stops with a clear message where the course cannot run: MXNet 1.9.1, the last release, has
# wheels for Linux x86_64/aarch64 and macOS x86_64 only, and needs Python 3.11 (numpy 1.23.5).
python="${1:-python3.11}"
ways_out="Ways out: on Windows, use WSL2 (Ubuntu) and run make there; on a Mac with Apple
Silicon, create the conda environment for Intel Macs (runs under Rosetta):
    CONDA_SUBDIR=osx-64 conda env create -f environment.yml && conda activate d2l-linear
    make lab PYTHON=python
or open the course on Binder (the badge in README.md) from any browser."

if ! command -v "$python" >/dev/null 2>&1; then
    echo "The course needs Python 3.11, and '$python' was not found." >&2
    echo "Install Python 3.11 (e.g. with pyenv or your package manager), or point make at it:" >&2
    echo "    make lab PYTHON=/path/to/python3.11" >&2
    echo "$ways_out" >&2
    exit 1
fi
info=$("$python" -c 'import platform, sys; print("%d.%d" % sys.version_info[:2], platform.system(), platform.machine())') || exit 1
set -- $info
version=$1 system=$2 machine=$3
case "$system/$machine" in
    Linux/x86_64|Linux/aarch64|Darwin/x86_64) ;;
    *)
        echo "MXNet 1.9.1 has no wheels for $system on $machine: it is published for Linux" >&2
        echo "(x86_64, aarch64) and macOS on Intel (x86_64) only." >&2
        echo "$ways_out" >&2
        exit 1 ;;
esac
if [ "$version" != "3.11" ]; then
    echo "'$python' is Python $version; the course needs Python 3.11 (MXNet 1.9.1 needs" >&2
    echo "numpy < 1.24, whose last release, 1.23.5, has wheels up to Python 3.11)." >&2
    echo "Point make at a Python 3.11:  make lab PYTHON=/path/to/python3.11" >&2
    echo "$ways_out" >&2
    exit 1
fi
