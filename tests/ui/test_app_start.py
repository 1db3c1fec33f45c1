"""Starting the window: a bundled scenario by name, --size, and the set-up that runs only when needed."""

from __future__ import annotations

import os
import subprocess

from PySide6 import QtGui

from support import ROOT
from ui import app



def test_a_bundled_scenario_opens_by_name_at_the_size_asked(tmp_path, qapp, isolated_settings, capsys):
    png = tmp_path / "t5.png"
    assert app.main(["t5-11b", "--screenshot", str(png), "--size", "1024x640"]) == 0
    image = QtGui.QImage(str(png))
    assert (image.width(), image.height()) == (1024, 640)


def test_a_bad_size_is_refused_in_one_line(tmp_path, capsys):
    assert app.main(["--screenshot", str(tmp_path / "x.png"), "--size", "10x10"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: --size: expected WIDTHxHEIGHT")
    assert not (tmp_path / "x.png").exists()


def test_setup_installs_nothing_when_pyproject_is_unchanged():
    """With the stamp matching pyproject.toml, setup does nothing: pip is pointed at no index at all, so
    any install attempted would fail (this is what lets run.sh start offline)."""
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_INDEX_URL": "http://127.0.0.1:9/"}
    done = subprocess.run(["bash", "scripts/setup.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
