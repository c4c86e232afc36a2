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
# Folding can lengthen text ('ß' → 'ss'): keys are cut to their columns' lengths.
KEY_LENGTH = 120  # Customer.name_key, CustomerWord.word
WORDS_KEY_LENGTH = 130  # CustomerWord.words
_SEPARATORS = re.compile(r"[\s\-'’.,/&()]+")


def name_key(name: str) -> str:
    """The folded name as stored for prefix search (Customer.name_key)."""
    return fold(name)[:KEY_LENGTH]


def fold(text: str) -> str:
    """Lower-case, accent-free text for comparing: 'João' → 'joao'."""
    if text.isascii():  # nothing to decompose (a catalogue import folds 100,000 names)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def words_key(name: str) -> str:
    """All folded words of a name between spaces (' ann marie o neil '): kept beside each word
    so that the other words of a search are checked on the index entry itself."""
    return (" " + " ".join(words(name)) + " ")[:WORDS_KEY_LENGTH]


def words(name: str) -> list[str]:
    """The distinct folded words of a name, in order: 'Ann-Marie O'Neil' → ann, marie, o, neil."""
    seen: list[str] = []
    for word in _SEPARATORS.split(fold(name)):
        word = word[:KEY_LENGTH]
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]
