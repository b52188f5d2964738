"""Checks that run before MXNet is imported, so a wrong set-up gets a readable message.

MXNet 1.9.1 is the last MXNet release. It only imports with numpy older than 1.24 (it uses
``np.bool``), and numpy 1.23.5, the newest such numpy, has wheels up to Python 3.11. Without
these checks a learner would meet ``AttributeError: module 'numpy' has no attribute 'bool'``
from deep inside MXNet.

This module holds the course's platform rule, and needs only the standard library, so any
Python can run it as a script before the course's environment exists:

    python d2lhelpers/_environment.py [NAME]   exit 1, with the reason, if NAME cannot run the course
    python d2lhelpers/_environment.py --lab    exit 1 if JupyterLab's folders are not writable
"""

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


def _jupyter_folders(env, home, system):
    """(variable, folder) for every folder JupyterLab, IPython and matplotlib write to at start-up."""
    if system == "Darwin":
        data = os.path.join(home, "Library", "Jupyter")
        mpl = os.path.join(home, ".matplotlib")
    else:
        data = os.path.join(env.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share"), "jupyter")
        mpl = os.path.join(env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"), "matplotlib")
    data = env.get("JUPYTER_DATA_DIR") or data
    return [
        ("JUPYTER_CONFIG_DIR", env.get("JUPYTER_CONFIG_DIR") or os.path.join(home, ".jupyter")),
        ("JUPYTER_DATA_DIR", data),
        ("JUPYTER_RUNTIME_DIR", env.get("JUPYTER_RUNTIME_DIR") or os.path.join(data, "runtime")),
        ("IPYTHONDIR", env.get("IPYTHONDIR") or os.path.join(home, ".ipython")),
        ("MPLCONFIGDIR", env.get("MPLCONFIGDIR") or mpl),
    ]


def _writable(folder):
    """Whether ``folder`` is writable, or could be created by this user."""
    while not os.path.exists(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent
    return os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK)


def lab_folder_problem(env=None, home=None, system=None):
    """What to set when JupyterLab's folders (under HOME by default) are not writable, or None."""
    env = os.environ if env is None else env
    home = home or os.path.expanduser("~")
    folders = _jupyter_folders(env, home, system or platform.system())
    bad = [(var, folder) for var, folder in folders if not _writable(folder)]
    if not bad:
        return None
    base = os.path.join(env.get("TMPDIR") or "/tmp", f"jupyter-{env.get('USER') or os.getuid()}")
    lines = [f"    {folder}  ({var})" for var, folder in bad]
    exports = [f"    export {var}={base}/{var.lower()}" for var, _ in bad]
    return ("JupyterLab cannot start: it writes to these folders, which this user cannot write\n"
            "(a read-only home directory?):\n" + "\n".join(lines) + "\n"
            "Point the variables at a writable folder, then run make lab again, for example:\n"
            + "\n".join(exports))


def main(argv):
    if argv[:1] == ["--lab"]:
        problem = lab_folder_problem()
    else:
        problem = platform_problem(sys.version_info[:2], platform.system(), platform.machine(),
                                   argv[0] if argv else sys.executable)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
