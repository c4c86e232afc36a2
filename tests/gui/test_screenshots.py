"""`make screenshots`: into a scratch folder unless asked, at a till's 1280×800, never touching
the README's committed pictures or the user's own data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pos_loyalty.ui import screenshots

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.gui


def test_make_screenshots_writes_to_a_git_ignored_scratch_folder_unless_asked():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^OUT\s*\?=\s*out/screenshots$", makefile, re.M)
    assert "pos_loyalty.ui.screenshots --out $(OUT)" in makefile
    assert "/out/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert screenshots.DEFAULT_OUT == "out/screenshots" and screenshots.SIZE == (1280, 800)


@pytest.mark.slow
def test_screenshots_are_1280_by_800_in_the_scratch_folder(tmp_path):
    from PySide6.QtGui import QImage

    committed = {p.name: p.stat().st_mtime_ns for p in (REPO / "docs" / "screenshots").glob("*.png")}
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pos_loyalty.ui.screenshots"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out" / "screenshots"
    assert sorted(p.name for p in out.glob("*.png")) == ["bulk_create.png", "card_detail.png", "checkout.png", "reports.png", "sheet_a4.png"]
    for name in ("checkout.png", "card_detail.png", "bulk_create.png", "reports.png"):
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 800), name
    assert {p.name: p.stat().st_mtime_ns for p in (REPO / "docs" / "screenshots").glob("*.png")} == committed
