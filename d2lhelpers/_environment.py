"""Checks that run before MXNet is imported, so a wrong set-up gets a readable message.

MXNet 1.9.1 is the last MXNet release. It only imports with numpy older than 1.24 (it uses
``np.bool``), and numpy 1.23.5, the newest such numpy, has wheels up to Python 3.11. Without
these checks a learner would meet ``AttributeError: module 'numpy' has no attribute 'bool'``
from deep inside MXNet.
"""

import platform
import sys
import warnings

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
    if (major, minor) != (3, 11):
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
