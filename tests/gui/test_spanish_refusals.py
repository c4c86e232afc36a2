"""Every refusal the services and the domain can put on a screen reads in Spanish in a Spanish
app. The services write them in English (the CLI and the log read them so); the screens pass
each through `ui.service_texts.translated`, which knows their shapes (ui/service_texts.py,
ui/manager_texts.py). `test_every_refusal_has_a_spanish_shape` reads every LoyaltyError made
in pos_loyalty/services and pos_loyalty/domain, and the programme import's bad rows
(tests/refusal_sources.py), fills each value with a plausible one and checks the message comes
out in Spanish, with no English word left: a new English refusal with no shape fails it, naming
the file and line. The other tests drive the manager's
screens with a bad value and read the refusal they show."""

from __future__ import annotations

import ast
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from pos_loyalty import formats
from pos_loyalty.domain.errors import NotFound
from pos_loyalty.services import reports, rules_sync, settings
from pos_loyalty.ui.bulk_screen import BulkCreateScreen
from pos_loyalty.ui.import_dialog import ImportDialog
from pos_loyalty.ui.reports_screen import ReportsScreen
from pos_loyalty.ui.rules_screen import RulesScreen
from pos_loyalty.ui.service_texts import translated
from pos_loyalty.ui.settings_screen import SettingsScreen

from ..conftest import MANAGER_PIN
from ..refusal_sources import refusals
from .test_manager_screens import PinPad, show_active
from .test_spanish import COMMON_ENGLISH, SAME_IN_BOTH, _sources_and_translations, english_words, spanish  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui

# Refusals that never reach a screen as a message of their own, each with why.
NOT_ON_A_SCREEN = {
    # The rules screen lists a refused bundle's problems one by one (BundleInvalid.errors), not this summary.
    "BundleInvalid",
}
DAY = dt.date(2026, 11, 29)


def _value(node: ast.expr, spec: str) -> str:
    """A plausible value for one formatted part of a message, as the service would write it."""
    source = ast.unparse(node)
    if "%" in spec:
        return dt.datetime(2026, 11, 29, 14, 30).strftime(spec)
    if source.endswith(".isoformat()"):
        return DAY.isoformat()
    if source.startswith("date_text("):
        return formats.date_text(DAY)
    if source.startswith("datetime_text("):
        return formats.datetime_text(dt.datetime(2026, 11, 29, 14, 30))
    if source == "until":
        return "14:05"
    if source in ("problem", "exc.message") or source.endswith("message"):
        return "a name is required"  # a refusal quoted inside another
    if spec == ",":
        return "1,200"
    return "7"


def _samples() -> list[tuple[str, str]]:
    return [(refusal.where, text) for refusal in refusals(_value) if refusal.error not in NOT_ON_A_SCREEN for text in refusal.variants]


def test_the_services_refusals_are_all_found():
    """The reader finds the refusals it must (a reader that found none would pass anything)."""
    found = {text for _, text in _samples()}
    assert len(found) > 250
    assert "a store name of 1 to 120 characters is required" in found
    assert "a batch called '7' already exists" in found  # a local variable's texts, expanded
    assert "7 bad rows in 7: nothing was imported" in found  # a class that writes its own message
    assert "the database is busy (another till or a long job holds it); try again" in found  # a default message
    assert "7 already rewarded in the week of 2026-11-29" in found  # a text function's return (domain/actions.py)
    assert "has no name in the header" in found and "the file has a header but no rows" in found  # import problems
    assert translated("review already rewarded today") == "review already rewarded today"  # English: as written


def test_every_refusal_has_a_spanish_shape(spanish):
    english, spanish_words, _ = _sources_and_translations()
    vocabulary = (english | COMMON_ENGLISH) - spanish_words - SAME_IN_BOTH
    missing = []
    for where, sample in _samples():
        shown = translated(sample)
        if shown == sample or english_words(shown, vocabulary, set()):
            missing.append(f"{where}: {sample!r} → {shown!r}")
    assert not missing, "refusals with no Spanish shape (add one to ui/manager_texts.py, then `translations update`):\n" + "\n".join(missing)


def test_values_keep_their_place_and_are_written_the_spanish_way(spanish):
    assert translated("must be between 1 and 100,000") == "debe estar entre 1 y 100.000"
    assert translated("2026-12-01 is before the start 2026-12-05") == "01/12/2026 es anterior al inicio 05/12/2026"
    assert translated("2900001 is suspended; it cannot become active") == "2900001 está suspendida; no puede pasar a activa"
    assert translated("a cashier's PIN is 4 to 12 digits (0-9)") == "el PIN de un cajero tiene de 4 a 12 dígitos (0-9)"
    assert translated("rules version 3: a name is required") == "versión de reglas 3: el nombre es obligatorio"
    assert translated("'1,250' is ambiguous: write 1250 or 1 250") == "'1,250' es ambiguo: escriba 1250 o 1 250"  # as typed


def test_the_most_specific_shape_wins(spanish):
    """A short shape ("{coupon} is {status}") must not take a longer message that starts alike."""
    assert translated("2900001 is active; only an active or suspended card can be replaced").endswith(
        "solo se puede sustituir una tarjeta activa o suspendida")
    assert translated("C-1 is void") == "C-1 está anulado"


def test_english_is_left_as_the_services_wrote_it(qapp):
    for text in ("a store name of 1 to 120 characters is required", "must be between 1 and 100,000", "2026-12-01 is before the start 2026-12-05"):
        assert translated(text) == text


# -- through the screens ------------------------------------------------------------------------


def test_the_settings_screen_refuses_a_bad_value_in_spanish(qtbot, spanish, manager, monkeypatch):
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    screen.limit_edits["max_line_quantity"].setText("0")
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.store_errors["max_line_quantity"].text() == "debe ser 1 o más, no 0"
    assert settings.get("max_line_quantity") == "10000"


def test_the_bulk_screen_refuses_a_bad_prefix_in_spanish(qtbot, spanish, store):
    screen = BulkCreateScreen(user="Maya")
    show_active(qtbot, screen)
    screen.length.setValue(8)
    screen.prefix.setText("1234")
    screen.batch.setText("Otoño")
    qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=20_000)
    assert screen.errors["prefix"].text() == "'1234' deja menos de 4 dígitos libres en un número de 8 dígitos"
    screen.shutdown()


def test_the_reports_screen_refuses_a_range_that_ends_before_it_starts_in_spanish(qtbot, spanish, manager):
    screen = ReportsScreen(user="Maya")
    show_active(qtbot, screen)
    screen.choose(reports.catalogue()[0].name)
    qtbot.waitUntil(lambda: not screen.is_busy(), timeout=20_000)
    screen.start.setDate(DAY)
    screen.end.setDate(DAY - dt.timedelta(days=3))
    screen.run_report()
    assert screen.error.text() == f"{formats.date_text(DAY - dt.timedelta(days=3))} es anterior al inicio {formats.date_text(DAY)}"


def test_the_rules_screen_says_in_spanish_that_no_rules_are_active(qtbot, spanish, store, monkeypatch):
    def none_active(at: object = None) -> None:
        raise NotFound("rules", "no rules bundle is active; import one with `pos-loyalty rules import FILE`")  # as rules_sync says it

    monkeypatch.setattr(rules_sync, "active_version", none_active)
    screen = RulesScreen()
    show_active(qtbot, screen)
    assert screen.description.toPlainText() == "no hay ningún paquete de reglas activo; importe uno con `pos-loyalty rules import FILE`"


def test_the_import_dialog_lists_bad_rows_in_spanish(qtbot, spanish, store, manager, tmp_path):
    path = tmp_path / "old-programme.csv"
    path.write_text("name,phone,email,card,points\nAnn Smith,,ann@example.com,OLD-1001,150\n"
                    "Bob,,bob@example.com,OLD-1001,5\nCarl,,not-mail,OLD-1003,25\n", encoding="utf-8")
    dialog = ImportDialog(path, manager, "Maya")
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    problems = [dialog.bad_rows.item(r, 2).text() for r in range(dialog.bad_rows.rowCount())]
    assert "no coincide con la línea 2, el mismo cliente (misma tarjeta)" in problems, problems  # the same card: the same customer
    assert "'not-mail' no es una dirección de correo electrónico" in problems, problems
    dialog.close()
