import os
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SCENARIOS = ROOT / "scenarios"

# Qt aborts on an empty platform name; offscreen whenever none is set (see the style notes).
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    """User catalogs and settings never come from, or go to, the real profile."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def write_scenario(folder: Path, text: str, name: str = "scenario.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_eur_catalog(folder: Path, source: str = "gcp-2019") -> Path:
    """A folder holding a EUR copy of a bundled pricing catalog (same prices, id "gcp-eur" for
    gcp-2019): for `planner.load_catalogs([str(folder)])`."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "resources" / "pricing" / f"{source}.toml").read_text(encoding="utf-8")
    eur = source.split("-")[0] + "-eur"
    (folder / f"{eur}.toml").write_text(text.replace(f'id = "{source}"', f'id = "{eur}"')
                                        .replace('currency = "USD"', 'currency = "EUR"'), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def cases():
    with open(DATA / "validation_cases.toml", "rb") as handle:
        return tomllib.load(handle)
