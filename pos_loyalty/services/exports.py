"""Data out: a batch's card numbers for a card-printing company, as CSV.

Written with the csv module (UTF-8, a header row, every number as text so a spreadsheet keeps
its leading zeros when opened as text), to a temporary file beside the target moved over it
at the end: a refused export or a crash never leaves half a file.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import ValidationError
from ..printing.barcodes import CODE128, EAN13, symbology_for
from ..store.models import Card, CardBatch
from . import cards

BATCH_COLUMNS = ("number", "barcode", "batch", "status")
BARCODE_NAMES = {EAN13: "EAN-13", CODE128: "Code 128"}  # as a printer's order form names them


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def _check_csv_target(out: str | Path) -> Path:
    path = Path(out).expanduser()
    if path.suffix.lower() != ".csv":
        raise ValidationError("csv", f"{path} must end in .csv")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError("csv", f"the folder {folder} does not exist")
    if path.is_dir():
        raise ValidationError("csv", f"{path} is a folder")
    if not os.access(folder, os.W_OK):
        raise ValidationError("csv", f"the folder {folder} cannot be written")
    return path


def export_batch(name: str, out: str | Path) -> ExportResult:
    """Every card of batch `name` (number order): its number, the barcode it is printed with
    (EAN-13 for 13 digits, else Code128), the batch and the card's state."""
    path = _check_csv_target(out)
    numbers = cards.batch_numbers(name)  # NotFound for an unknown or unfinished batch
    states = dict(Card.select(Card.number, Card.status).join(CardBatch).where(CardBatch.name == name).tuples())
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(BATCH_COLUMNS)
            for number in numbers:
                writer.writerow((number, BARCODE_NAMES[symbology_for(number)], name, states[number]))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ValidationError("csv", f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return ExportResult(path, len(numbers))
