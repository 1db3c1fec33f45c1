"""A wheel installed non-editable into a fresh venv runs the `nlp-budget` command, as a user's install would.

The wheel is built from a copy of the working tree as a commit of it would hold: the tracked files
(their current content) plus new, not yet added files inside the packaged folders (work in progress
that the next commit adds), and nothing else that happens to lie around. CI, from a clean clone, is the
check that every new file was added. The dependencies (numpy, tomlkit) are linked from this venv, so
the test needs no network.
"""

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from support import ROOT

PACKAGED = ("planner", "nlp_budget", "ui", "resources", "scenarios")


def _git(*args) -> list[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    new = _git("ls-files", "--others", "--exclude-standard", "--", *PACKAGED)
    for name in _git("ls-files", "--cached") + new:
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes((ROOT / name).read_bytes())
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True)
    return next(out.glob("*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """bin/ of a fresh venv holding the wheel (not editable), numpy and tomlkit."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    ours = Path(sysconfig.get_path("purelib"))
    for entry in ours.iterdir():  # the dependencies only: never this checkout's editable install
        if entry.name.split("-")[0].split(".")[0] in ("numpy", "tomlkit"):
            (site / entry.name).symlink_to(entry)
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                             "--no-index", "-q", str(wheel)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return env / "bin"


def _run(bin_dir: Path, *args, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(bin_dir / "nlp-budget"), *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result


def test_wheel_contains_catalogs_and_scenarios(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "planner/resources/hardware.toml" in names
    assert "planner/resources/pricing/gcp-2019.toml" in names
    assert "planner/scenarios/bert-large.toml" in names
    assert not any(name.startswith("tests/") for name in names)


def test_installed_command_summarises_a_bundled_scenario(installed, tmp_path):
    code = ("import planner; from importlib import resources; "
            "print(planner.__file__); print(resources.files('planner.scenarios').joinpath('bert-large.toml'))")
    module, scenario = subprocess.run([str(installed / "python"), "-c", code], cwd=tmp_path, capture_output=True,
                                      text=True, check=True).stdout.split()
    assert module.startswith(str(installed.parent))  # the installed copy, not the checkout
    data = json.loads(_run(installed, "summary", scenario, "--format", "json", cwd=tmp_path).stdout)
    assert data["total"]["cost"] == pytest.approx(20 * 64 * 96 * 4.50 / 4)
    by_name = json.loads(_run(installed, "summary", "bert-large", "--format", "json", cwd=tmp_path).stdout)
    assert by_name == data


def test_installed_command_lists_the_bundled_catalogs(installed, tmp_path):
    out = _run(installed, "catalogs", cwd=tmp_path).stdout
    for ident in ("gcp-2019", "aws-2025", "lambda-2025", "h100", "tpu-v3"):
        assert ident in out
