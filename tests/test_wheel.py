"""A wheel installed non-editable finds its bundled catalogs and scenarios (as a user's install would)."""

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    # A copy of the tracked tree, so the build sees what a clean clone has, and writes nothing here.
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True)
    return next(out.glob("*.whl"))


def test_wheel_contains_catalogs_and_scenarios(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "planner/resources/hardware.toml" in names
    assert "planner/resources/pricing/gcp-2019.toml" in names
    assert "planner/scenarios/bert-large.toml" in names


def test_installed_wheel_summarises_a_bundled_scenario(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    code = ("import json, planner; from importlib import resources; "
            "p = resources.files('planner.scenarios').joinpath('bert-large.toml'); "
            "s = planner.summarize(planner.load(str(p))); "
            "print(json.dumps({'file': planner.__file__, 'cost': s['total']['cost']}))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                            text=True, check=True)
    data = json.loads(result.stdout)
    assert data["file"].startswith(str(target))  # the installed copy, not the checkout
    assert data["cost"] == pytest.approx(20 * 64 * 96 * 4.50 / 4)
