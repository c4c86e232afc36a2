"""Maintain the translation files: ``python -m pos_loyalty.ui.translations update [CODE]``
reads every ``tr()`` of the app into `resources/i18n/pos_loyalty_XX.ts` (all of them, or a new
one for CODE) with pyside6-lupdate; ``release`` compiles each ``.ts`` into the ``.qm`` the app
loads, with pyside6-lrelease (what `make translations` runs). Both tools come with PySide6.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .. import languages

SOURCES = Path(__file__).resolve().parents[1]  # pos_loyalty/: every tr() is under it


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this Python (a venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: it comes with PySide6 (pip install PySide6)")
    return found


def update(new: str | None = None) -> list[Path]:
    """Refresh every .ts from the code (new strings added, vanished ones marked obsolete);
    with `new`, also create the file of that language."""
    folder = languages.translations_dir()
    files = sorted(folder.glob("pos_loyalty_*.ts"))
    if new:
        files = sorted({*files, folder / f"pos_loyalty_{new}.ts"})
    for ts in files:
        code = ts.stem.removeprefix("pos_loyalty_")
        subprocess.run([tool("pyside6-lupdate"), "-extensions", "py", "-locations", "none", "-no-obsolete",
                        "-source-language", "en", "-target-language", code, str(SOURCES), "-ts", str(ts)],
                       check=True, stdout=subprocess.DEVNULL)
    return files


def release(only_stale: bool = False) -> list[Path]:
    """Compile every .ts into its .qm (with `only_stale`, only those older than their .ts)."""
    built = []
    for ts in sorted(languages.translations_dir().glob("pos_loyalty_*.ts")):
        qm = ts.with_suffix(".qm")
        if only_stale and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        partial = qm.with_name(f"{qm.stem}.{os.getpid()}.partial")  # never a half-written .qm for a parallel reader
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(partial)], check=True)
        os.replace(partial, qm)
        built.append(qm)
    return built


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "release"):
        print("usage: python -m pos_loyalty.ui.translations update [LANGUAGE_CODE] | release", file=sys.stderr)
        return 2
    done = update(argv[1] if len(argv) > 1 else None) if argv[0] == "update" else release()
    for path in done:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
