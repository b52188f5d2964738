"""Checks that run before MXNet is imported, so a wrong set-up gets a readable message.

MXNet 1.9.1 is the last MXNet release. It only imports with numpy older than 1.24 (it uses
``np.bool``), and numpy 1.23.5, the newest such numpy, has wheels up to Python 3.11. Without
these checks a learner would meet ``AttributeError: module 'numpy' has no attribute 'bool'``
from deep inside MXNet.

This module holds the course's platform rule, and needs only the standard library, so any
Python can run it as a script before the course's environment exists:

    python d2lhelpers/_environment.py [NAME]   exit 1, with the reason, if NAME cannot run the course
"""

import ctypes
import os
import platform
import sys
import warnings

PYTHON = (3, 11)
PLATFORMS = (("Linux", "x86_64"), ("Linux", "aarch64"), ("Darwin", "x86_64"))

FIX = (
    "Set up the course's own environment instead: run `make lab` in the course folder "
    "(it creates .venv with Python 3.11 and the pinned packages), or "
    "`conda env create -f environment.yml && conda activate d2l-linear`. "
    "MXNet 1.9.1 has wheels for Linux (x86_64, aarch64) and macOS on Intel only; on Windows "
    "use WSL2, on Apple Silicon a conda env with CONDA_SUBDIR=osx-64, or open the course on Binder."
)


class EnvironmentProblem(ImportError):
    """The Python environment cannot run the course; the message says why and what to do."""


def _version_tuple(text):
    parts = []
    for piece in text.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def check_numpy(version):
    """Raise EnvironmentProblem if this numpy version breaks MXNet 1.9.1."""
    if _version_tuple(version) >= (1, 24):
        raise EnvironmentProblem(
            f"numpy {version} is installed, but MXNet 1.9.1 needs numpy < 1.24 "
            f"(the course pins numpy 1.23.5). {FIX}"
        )


def check_python(version_info=None):
    """Warn when Python is not 3.11, the one version the course is tested on."""
    major, minor = (version_info or sys.version_info)[:2]
    if (major, minor) != PYTHON:
        warnings.warn(
            f"Python {major}.{minor} is running, but the course is tested on Python 3.11 only "
            f"(numpy 1.23.5, which MXNet 1.9.1 needs, has no wheels past 3.11). {FIX}",
            RuntimeWarning,
            stacklevel=3,
        )


def import_mxnet():
    """Import MXNet after checking numpy; any failure becomes one readable EnvironmentProblem."""
    try:
        import numpy
    except ImportError as err:
        raise EnvironmentProblem(f"numpy is not installed ({err}). {FIX}") from None
    check_numpy(numpy.__version__)
    try:
        import mxnet
    except ImportError as err:
        raise EnvironmentProblem(
            f"MXNet cannot be imported on Python {platform.python_version()} "
            f"({platform.system()} {platform.machine()}): {err}. {FIX}"
        ) from None
    except (OSError, AttributeError) as err:
        raise EnvironmentProblem(
            f"MXNet is installed but fails to load ({type(err).__name__}: {err}). {FIX}"
        ) from None
    return mxnet


WAYS_OUT = """Ways out: on Windows, use WSL2 (Ubuntu) and run make there; on a Mac with Apple
Silicon, create the conda environment for Intel Macs (runs under Rosetta):
    CONDA_SUBDIR=osx-64 conda env create -f environment.yml && conda activate d2l-linear
    make lab PYTHON=python
or open the course on Binder from any browser (see README.md)."""


# Blocks from this size up go straight back to the system when freed; the heap keeps at most
# twice as much free memory at its top. Every minibatch up to a batch size of 1024 Fashion-MNIST
# images (3.2 MB as float32) stays below the first, so reading and training never page-fault
# on a fresh block per batch.
MMAP_THRESHOLD = 4 << 20
TRIM_THRESHOLD = 8 << 20


def return_large_blocks():
    """Have the C library give every block of 4 MiB or more back to the system once it is freed.

    By default glibc raises that size, up to 32 MiB, each time it frees a large block, and then
    keeps blocks below it for reuse. A notebook that evaluates a network on the whole test set
    (10 MB of activations per layer) thereby grows by tens of MB that it never gives back.
    Setting the size also fixes the heap's trim threshold, whose default (128 KiB) would hand
    every freed minibatch back and fault it in again on the next batch: it is set to twice the
    size, so the arrays of a training step stay in the heap, as fast as before. Other C
    libraries are left as they are."""
    try:
        glibc = os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (ValueError, OSError, AttributeError):
        glibc = False
    if glibc:
        libc = ctypes.CDLL(None)
        libc.mallopt(-3, MMAP_THRESHOLD)  # -3: M_MMAP_THRESHOLD
        libc.mallopt(-1, TRIM_THRESHOLD)  # -1: M_TRIM_THRESHOLD


def platform_problem(version, system, machine, name="python"):
    """Why Python ``version`` ((major, minor)) on ``system``/``machine`` cannot run the course, or None."""
    if (system, machine) not in PLATFORMS:
        return (f"MXNet 1.9.1 has no wheels for {system} on {machine}: it is published for Linux\n"
                f"(x86_64, aarch64) and macOS on Intel (x86_64) only.\n{WAYS_OUT}")
    if tuple(version[:2]) != PYTHON:
        return (f"'{name}' is Python {version[0]}.{version[1]}; the course needs Python 3.11 (MXNet 1.9.1 needs\n"
                f"numpy < 1.24, whose last release, 1.23.5, has wheels up to Python 3.11).\n"
                f"Point make at a Python 3.11:  make lab PYTHON=/path/to/python3.11\n{WAYS_OUT}")
    return None


def main(argv):
    problem = platform_problem(sys.version_info[:2], platform.system(), platform.machine(),
                               argv[0] if argv else sys.executable)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
