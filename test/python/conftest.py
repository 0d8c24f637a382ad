# ===- conftest.py - Shared fixtures of the Python package tests ----------=== #
#
# CTest (`python` in test/CMakeLists.txt) runs these with Debian's python3 and
# pytest against the build tree: PYTHONPATH=build/python, and the paths below
# in the environment. By hand, after a build:
#   PYTHONPATH=build/python KILN_SOURCE_DIR=$PWD python3 -m pytest test/python
#
# ===----------------------------------------------------------------------=== #
import os

import pytest


def _env_path(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        pytest.skip("%s is not set (CTest sets it)" % name)
    return value


@pytest.fixture
def source_dir():
    """The Kiln source tree."""
    here = os.path.dirname(os.path.abspath(__file__))
    return _env_path("KILN_SOURCE_DIR", os.path.dirname(os.path.dirname(here)))


@pytest.fixture
def kiln_binary():
    """The `kiln` CLI of the same build."""
    return _env_path("KILN_BINARY")


@pytest.fixture
def test_plugin():
    """The pass plugin built from test/Plugins/TestPlugin.cpp."""
    return _env_path("KILN_TEST_PLUGIN")


@pytest.fixture
def c_compiler():
    return os.environ.get("KILN_C_COMPILER", "cc")
