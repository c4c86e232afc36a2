"""Where the files of `resources/` are, in a checkout and in an installed wheel.

`resources/` lives at the top of the repository (so designers can edit it without
touching code); the wheel carries it as `pos_loyalty/_resources`. This is the one
helper every module uses to find it.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding the style sheet, demo rules, schema and card layouts."""
    installed = _PACKAGE_DIR / "_resources"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "resources"


def resource_path(name: str) -> Path:
    """Absolute path of one resource file, e.g. ``resource_path("demo_rules.json")``."""
    return resources_dir() / name
