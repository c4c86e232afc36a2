"""Which languages the app speaks: English (the source text) and one more for every
translation file in `resources/i18n/` (``pos_loyalty_es.ts`` → ``es``). Adding a language is
adding that one file; nothing else lists them. No Qt here: the settings service checks the
`language` setting against this list too.
"""

from __future__ import annotations

import re
from pathlib import Path

from .resources import resource_path

SOURCE_LANGUAGE = "en"  # the language the code is written in: no translation file
SYSTEM = "system"  # the `language` setting's default: follow the computer's locale
_FILE = re.compile(r"pos_loyalty_([a-z]{2,3}(?:_[A-Z]{2})?)\.(?:ts|qm)")


def translations_dir() -> Path:
    """Where the translation sources (.ts) and their compiled form (.qm) live."""
    return resource_path("i18n")


def available() -> list[str]:
    """The languages offered, English first: ``["en", "es"]`` with ``pos_loyalty_es.ts``
    present (an installed app may carry only the compiled ``.qm``)."""
    folder = translations_dir()
    found = {match.group(1) for path in folder.glob("pos_loyalty_*") if (match := _FILE.fullmatch(path.name))} if folder.is_dir() else set()
    found.discard(SOURCE_LANGUAGE)
    return [SOURCE_LANGUAGE, *sorted(found)]


def choices() -> list[str]:
    """What the `language` setting may hold: ``system`` or one of `available`."""
    return [SYSTEM, *available()]


def compiled(language: str) -> Path:
    """The compiled translation Qt loads for `language` (it exists once `make translations` ran)."""
    return translations_dir() / f"pos_loyalty_{language}.qm"
