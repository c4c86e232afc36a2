"""Printing through the service and the CLI: a batch, a reprint, and bad input leaving no file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.domain.errors import NotFound, ValidationError
from pos_loyalty.services import cards, printing, settings

from .conftest import ensure_manager
from .printing.test_cards_pdf import assert_scans_back, needs_tools


@needs_tools
def test_a_batch_prints_in_batch_order_and_scans_back(store: Path, tmp_path: Path) -> None:
    settings.set_value("store_name", "Corner Café", manager_pin=ensure_manager())
    cards.bulk_create(12, "Window", prefix="29", length=13)
    numbers = cards.batch_numbers("Window")
    result = printing.print_cards(tmp_path / "window.pdf", batch="Window", layout="a4")
    assert (result.cards, result.pages) == (12, 2)
    assert_scans_back(result.path, tmp_path, "a4", numbers, ["EAN13"] * 12)


@needs_tools
def test_cli_reprints_one_card_on_a_cr80_page(store: Path, card: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reprint.pdf"
    assert cli(["--db", str(store), "cards", "print", card, "--out", str(out), "--layout", "card"]) == 0
    assert "printed 1 card on 1 page (card)" in capsys.readouterr().out
    assert_scans_back(out, tmp_path, "card", [card], ["CODE128"])


@pytest.mark.parametrize("kwargs, field", [
    ({"batch": "Nope"}, "batch"),
    ({"numbers": ["123456789012"]}, "number"),
    ({"numbers": ["000000000000"]}, "number"),
    ({"batch": "Window", "layout": "a5"}, "layout"),
    ({"batch": "Window", "numbers": ["000000000000"]}, "cards"),
])
def test_bad_input_names_the_field_and_writes_no_file(store: Path, tmp_path: Path, kwargs: dict, field: str) -> None:
    cards.bulk_create(3, "Window")
    out = tmp_path / "bad.pdf"
    with pytest.raises((ValidationError, NotFound)) as err:
        printing.print_cards(out, **kwargs)
    assert err.value.field == field
    assert not out.exists() and not list(tmp_path.glob("*.pdf*"))


def test_unwritable_destination_is_refused_before_drawing(store: Path, tmp_path: Path) -> None:
    cards.bulk_create(3, "Window")
    with pytest.raises(ValidationError, match="does not exist") as err:
        printing.print_cards(tmp_path / "missing" / "x.pdf", batch="Window")
    assert err.value.field == "out"
    with pytest.raises(ValidationError, match=r"\.pdf"):
        printing.print_cards(tmp_path / "x.png", batch="Window")
