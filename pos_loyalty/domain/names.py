"""Names as search keys: case and accents ignored, found by any word.

"João Smith" is kept as typed and searched through its folded words ``joao`` and
``smith``: a cashier typing "joao", "JOAO" or "smi" finds it. Folding is Unicode's own
(NFKD, combining marks dropped, casefold), so "Ærøskøbing" or "Straße" fold predictably
(``ærøskøbing``, ``strasse``); letters without a decomposition stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 10  # words of one name kept as search keys
_SEPARATORS = re.compile(r"[\s\-'’.,/&()]+")


def fold(text: str) -> str:
    """Lower-case, accent-free text for comparing: 'João' → 'joao'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def words_key(name: str) -> str:
    """All folded words of a name between spaces (' ann marie o neil '): kept beside each word
    so that the other words of a search are checked on the index entry itself."""
    return " " + " ".join(words(name)) + " "


def words(name: str) -> list[str]:
    """The distinct folded words of a name, in order: 'Ann-Marie O'Neil' → ann, marie, o, neil."""
    seen: list[str] = []
    for word in _SEPARATORS.split(fold(name)):
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]
