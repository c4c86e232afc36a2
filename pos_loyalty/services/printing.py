"""Printing cards: a whole batch, a selection, or a reprint of one lost card.

Everything the user can get wrong (an unknown batch or number, a folder that cannot be
written, an unknown layout) is checked before any drawing, and the PDF is written
atomically by the printing layer — so bad input never leaves a partial file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

from ..domain import card_numbers
from ..domain.errors import NotFound, ValidationError
from ..printing import PrintCancelled, PrintResult, load_layouts, render_cards_pdf
from ..resources import resource_path
from ..store.models import Card, card_is_visible
from . import cards, settings

__all__ = ["PrintCancelled", "PrintResult", "layouts", "numbers_to_print", "print_cards"]


def layouts() -> dict[str, str]:
    """Layout name → a short description, for the print dialog."""
    mm = 25.4 / 72
    return {name: f"{l.columns * l.rows} card{'s' if l.columns * l.rows > 1 else ''} per page, {l.page_width * mm:.1f} × {l.page_height * mm:.1f} mm"
            for name, l in load_layouts().items()}


def numbers_to_print(batch: str | None = None, numbers: Sequence[str] = ()) -> list[str]:
    """Resolve what to print, in print order; every number must be a card of this store."""
    if bool(batch) == bool(numbers):
        raise ValidationError("cards", "give a batch name or card numbers (not both)")
    if batch:
        return cards.batch_numbers(batch)
    resolved = [card_numbers.validate(text, "number") for text in numbers]
    known = {n for (n,) in Card.select(Card.number).where(Card.number.in_(resolved) & card_is_visible()).tuples()}
    missing = [n for n in resolved if n not in known]
    if missing:
        raise NotFound("number", f"{', '.join(missing[:5])} {'is' if len(missing) == 1 else 'are'} not a card of this store")
    return resolved


def check_output(out: str | Path, suffix: str = ".pdf", field: str = "out") -> Path:
    """A file the user asked to write (a PDF, a CSV export): refused, naming `field`, before
    anything is done, when it has the wrong ending or its folder is missing or read-only."""
    path = Path(out).expanduser()
    if path.suffix.lower() != suffix:
        raise ValidationError(field, f"{path} must end in {suffix}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(field, f"the folder {folder} does not exist")
    if path.is_dir():
        raise ValidationError(field, f"{path} is a folder")
    if not os.access(folder, os.W_OK):
        raise ValidationError(field, f"the folder {folder} cannot be written")
    return path


def print_cards(out: str | Path, *, batch: str | None = None, numbers: Sequence[str] = (), layout: str = "a4",
                progress: Callable[[int, int], None] | None = None, should_cancel: Callable[[], bool] | None = None,
                default_tagline: str | None = None) -> PrintResult:
    """Render the cards to a PDF at `out`, with the store's name and logo and, under the name,
    the `card_tagline` setting — else `default_tagline` (the desktop app's "LOYALTY CARD" in its
    language), else the layout's own text."""
    available = layouts()
    if layout not in available:
        raise ValidationError("layout", f"'{layout}' is not a layout; choose {', '.join(sorted(available))}")
    path = check_output(out)
    to_print = numbers_to_print(batch, numbers)
    if not to_print:
        raise ValidationError("batch", f"batch '{batch}' has no cards")
    logo = settings.get("logo_path")
    logo_path = settings.check_logo(logo) if logo else resource_path("logo.png")  # a file changed since it was set is refused too
    try:
        return render_cards_pdf(to_print, path, layout=layout, store_name=settings.get("store_name"), logo_path=logo_path,
                                tagline=settings.get("card_tagline") or default_tagline, progress=progress, should_cancel=should_cancel)
    except PrintCancelled:
        raise
    except OSError as exc:
        raise ValidationError("out", f"cannot write {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ValidationError(getattr(exc, "field", "cards"), str(exc)) from None
