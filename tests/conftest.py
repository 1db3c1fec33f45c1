"""Fixtures for every layer. With NLP_BUDGET_WITHOUT_QT=1, Qt and pyqtgraph cannot be imported at all, so
that the domain's and the command line's tests prove they run where the window's libraries are absent
(scripts/test.sh runs them so, with `-p no:pytest-qt`)."""

import os
import sys
import tomllib

import pytest

from support import DATA

# Qt aborts on an empty platform name; offscreen whenever none is set (see the style notes).
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


class _NoQt:
    """A meta-path finder that makes the window's libraries unimportable, as on a headless server."""
    BLOCKED = ("PySide6", "shiboken6", "pyqtgraph")

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.BLOCKED:
            raise ImportError(f"{name} is blocked: these tests run as if Qt were not installed")
        return None


if os.environ.get("NLP_BUDGET_WITHOUT_QT") == "1":
    sys.meta_path.insert(0, _NoQt())


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    """User catalogs and settings never come from, or go to, the real profile."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def cases():
    with open(DATA / "validation_cases.toml", "rb") as handle:
        return tomllib.load(handle)
