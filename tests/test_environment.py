import subprocess
import sys
import warnings

import pytest

from d2lhelpers import _environment as env


@pytest.mark.parametrize("version", ["1.24.0", "1.26.4", "2.0.1", "2.3.0rc1"])
def test_numpy_too_new_is_named_with_the_fix(version):
    with pytest.raises(env.EnvironmentProblem) as err:
        env.check_numpy(version)
    message = str(err.value)
    assert f"numpy {version}" in message and "numpy < 1.24" in message
    assert "make lab" in message and "environment.yml" in message


@pytest.mark.parametrize("version", ["1.23.5", "1.22.4"])
def test_numpy_that_mxnet_accepts_passes(version):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert env.check_numpy(version) is None


def test_python_other_than_311_warns_with_the_fix():
    with pytest.warns(RuntimeWarning, match=r"Python 3\.12 .*tested on Python 3\.11.*make lab"):
        env.check_python((3, 12, 0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env.check_python((3, 11, 7))


def _import_in_subprocess(prelude):
    code = prelude + "\nimport d2lhelpers\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.integration
def test_import_with_new_numpy_explains_instead_of_np_bool_error():
    result = _import_in_subprocess("import numpy; numpy.__version__ = '1.26.4'")
    assert result.returncode != 0
    assert "EnvironmentProblem: numpy 1.26.4 is installed" in result.stderr
    assert "has no attribute 'bool'" not in result.stderr


@pytest.mark.integration
def test_import_without_mxnet_explains():
    result = _import_in_subprocess("import sys; sys.modules['mxnet'] = None")
    assert result.returncode != 0
    assert "EnvironmentProblem: MXNet cannot be imported" in result.stderr
    assert "WSL2" in result.stderr and "Binder" in result.stderr
