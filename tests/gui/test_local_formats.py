"""Money, numbers and dates in the app's language; the decimal comma typed at the checkout;
the language setting and where the languages come from; the card's tagline."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from pos_loyalty import formats, languages
from pos_loyalty.domain.errors import ValidationError
from pos_loyalty.domain.money import display_money, parse_money
from pos_loyalty.services import settings
from pos_loyalty.ui import i18n
from pos_loyalty.ui.checkout_screen import CheckoutScreen
from pos_loyalty.ui.settings_screen import SettingsScreen
from pos_loyalty.ui.translations import release

from ..conftest import MANAGER_PIN, ensure_manager
from .test_checkout_screen import scan, type_line
from .test_manager_screens import show_active
from ..test_slip import sold  # noqa: F401  (fixture)
from .test_spanish import spanish  # noqa: F401  (fixture)

pytestmark = pytest.mark.gui


@pytest.fixture
def english_after():  # type: ignore[no-untyped-def]
    yield
    formats.use_style(formats.Style())


def test_spanish_writes_day_month_year_decimal_comma_and_the_euro_after(qapp, english_after):
    style = i18n.style_for("es", system=QLocale("es_ES"))
    formats.use_style(style)
    assert formats.date_text(dt.date(2026, 11, 29)) == "29/11/2026"
    assert formats.datetime_text(dt.datetime(2026, 11, 29, 14, 5)) == "29/11/2026 14:05"
    assert display_money(Decimal("2.80"), "EUR") == "2,80 €"
    assert display_money(Decimal("-1234.5"), "EUR") == "-1.234,50 €"
    assert formats.count(12345, "tarjeta", "tarjetas") == "12.345 tarjetas"
    assert formats.money_input("2,80") == "2.80" and formats.money_input("1.234,50") == "1234.50"
    assert formats.money_input("2.80") == "2.80", "a point still reads as the decimal mark"
    assert parse_money(formats.money_input("2,80"), "price") == Decimal("2.80")


def test_english_and_the_cli_keep_their_formats(qapp, english_after):
    formats.use_style(i18n.style_for("en", system=QLocale("es_ES")))
    assert formats.date_text(dt.date(2026, 11, 29)) == "2026-11-29"
    assert display_money(Decimal("1234.5"), "EUR") == "€1,234.50"
    assert formats.points(1234) == "1,234 points"
    assert formats.money_input("2,80") == "2,80", "no decimal comma in English: refused by parse_money as before"
    with pytest.raises(ValidationError):
        parse_money(formats.money_input("2,80"), "price")


def test_the_language_follows_the_setting_else_the_computer(qapp, english_after):
    assert i18n.resolve("es") == "es" and i18n.resolve("en", system=QLocale("es_ES")) == "en"
    assert i18n.resolve("system", system=QLocale("es_MX")) == "es"
    assert i18n.resolve("system", system=QLocale("de_DE")) == "en", "a language we do not have: English"
    # Spanish on a Mexican computer writes Mexico's numbers (decimal point), not Spain's.
    assert i18n.style_for("es", system=QLocale("es_MX")).decimal == "."
    assert i18n.style_for("es", system=QLocale("en_GB")).decimal == ","


def test_a_language_is_one_translation_file(tmp_path, monkeypatch, store):
    assert languages.available() == ["en", "es"]
    shutil.copy(languages.translations_dir() / "pos_loyalty_es.ts", tmp_path / "pos_loyalty_es.ts")
    (tmp_path / "pos_loyalty_fr.ts").write_text('<?xml version="1.0"?><TS version="2.1" language="fr"></TS>', encoding="utf-8")
    monkeypatch.setattr(languages, "translations_dir", lambda: tmp_path)
    assert languages.available() == ["en", "es", "fr"]
    ensure_manager()
    settings.set_value("language", "fr", manager_pin=MANAGER_PIN)
    assert settings.get("language") == "fr"
    with pytest.raises(ValidationError) as refused:
        settings.set_value("language", "xx", manager_pin=MANAGER_PIN)
    assert refused.value.field == "language" and settings.get("language") == "fr"


def test_the_settings_screen_offers_the_languages_and_saves_the_choice(qtbot, store, monkeypatch):
    from .test_manager_screens import PinPad

    ensure_manager()
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    offered = [screen.language.itemData(i) for i in range(screen.language.count())]
    assert offered == ["system", "en", "es"]
    assert [screen.language.itemText(i) for i in (1, 2)] == ["English", "Español"], "each language by its own name"
    screen.language.setCurrentIndex(2)
    screen.card_tagline.setText("CLUB DEL CAFÉ")
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    screen.save_store()
    assert settings.get("language") == "es" and settings.get("card_tagline") == "CLUB DEL CAFÉ"
    assert "next start" in screen.store_message.text()


def test_the_settings_money_fields_in_spanish_show_and_take_a_decimal_comma(qtbot, store, spanish, monkeypatch):  # type: ignore[no-untyped-def]
    from .test_manager_screens import PinPad

    ensure_manager()
    screen = SettingsScreen(user="Maya")
    show_active(qtbot, screen)
    assert screen.security["refund_manager_above"].text() == "50,00"
    assert screen.limit_edits["max_order_total"].text() == "100000,00"
    screen.security["refund_manager_above"].setText("75,50")
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    screen.save_store()
    assert settings.get("refund_manager_above") == "75.50" and settings.get("max_order_total") == "100000.00", "only the changed one"
    screen.security["refund_manager_above"].setText("7,5x")
    PinPad(monkeypatch, qtbot, MANAGER_PIN)
    screen.save_store()
    assert settings.get("refund_manager_above") == "75.50"
    assert screen.store_errors["refund_manager_above"].text() == "un importe como 50,00 (0 pide un encargado para cada devolución)"


def test_the_checkout_in_spanish_takes_a_decimal_comma(qtbot, store, card, spanish):
    screen = CheckoutScreen(user="Sam")
    show_active(qtbot, screen)
    screen.resize(1200, 760)
    scan(qtbot, screen, card)
    type_line(qtbot, screen, "COFFEE", 2, "2,80", name="Filter coffee", collection="drinks")
    assert screen.lines_table.rowCount() == 1 and screen.line_error.isHidden()
    assert screen.total.text() == "5,60 €" and screen.points_earned.text() == "55 puntos"
    qtbot.keyClicks(screen.discount, "0,60")
    assert screen.total.text() == "5,00 €"
    assert screen.tax.placeholderText() == "0,00"


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (make system-deps)")
def test_the_card_tagline_is_the_setting_else_loyalty_card_in_the_app_language(qapp, store, card, tmp_path, english_after):
    from pos_loyalty.services import printing

    batch, numbers = None, [card]
    release(only_stale=True)
    english = printing.print_cards(tmp_path / "en.pdf", batch=batch, numbers=numbers, default_tagline=i18n.default_card_tagline())
    assert "LOYALTY CARD" in _pdf_text(english.path)
    assert i18n.install("es") == "es"
    try:
        spanish_pdf = printing.print_cards(tmp_path / "es.pdf", batch=batch, numbers=numbers, default_tagline=i18n.default_card_tagline())
    finally:
        i18n.install("en")
    assert "TARJETA DE FIDELIDAD" in _pdf_text(spanish_pdf.path)
    ensure_manager()
    settings.set_value("card_tagline", "CLUB DEL CAFÉ", manager_pin=MANAGER_PIN)
    own = printing.print_cards(tmp_path / "own.pdf", batch=batch, numbers=numbers, default_tagline=i18n.default_card_tagline())
    assert "CLUB DEL CAFÉ" in _pdf_text(own.path) and "LOYALTY CARD" not in _pdf_text(own.path)
    with pytest.raises(ValidationError):
        settings.set_value("card_tagline", "x" * 41, manager_pin=MANAGER_PIN)


def test_the_report_dates_are_typed_in_the_language_s_order(qtbot, store, spanish):
    from pos_loyalty.ui.reports_screen import ReportsScreen

    screen = ReportsScreen(user="Maya")
    show_active(qtbot, screen)
    assert screen.start.displayFormat() == "dd/MM/yyyy"
    assert screen.start.text() == formats.date_text(screen.start.date().toPython())


def test_the_loyalty_slip_prints_in_the_app_s_language(sold, spanish):
    """The slip printed from the app in Spanish: its words, money, points and dates (the CLI's stays English)."""
    from pos_loyalty.services import slip

    from ..test_slip import SALE

    lines = slip.text_lines("TILL1-1", width=42, when=SALE)
    assert lines[1].strip() == "Ticket de fidelidad"
    for label, value in (("Fecha", "02/03/2026 10:30"), ("Total", "10,00 €"), ("Puntos ganados", "+10 puntos"), ("Saldo", "110 puntos")):
        assert label + value.rjust(42 - len(label)) in lines, (label, lines)
    assert "110 puntos caducan el 22/03/2026" in lines and lines[-1].strip() == "¡Gracias!"
    i18n.install("en")
    assert slip.text_lines("TILL1-1", width=42, when=SALE)[-1].strip() == "Thank you!"


def test_update_translations_starts_a_new_language_file_with_every_text(tmp_path, monkeypatch):
    """`make update-translations NEW_LANGUAGE=fr`: one new .ts holding every text, untranslated; the app then offers it."""
    import xml.etree.ElementTree as ET

    from pos_loyalty.ui import translations

    monkeypatch.setattr(languages, "translations_dir", lambda: tmp_path)
    [created] = translations.update("fr")
    assert created == tmp_path / "pos_loyalty_fr.ts" and languages.available() == ["en", "fr"]
    french = list(ET.parse(created).iter("message"))
    assert len(french) > 500 and all(m.find("translation").get("type") == "unfinished" for m in french)

    def texts(path: Path) -> set[tuple[str, str]]:
        return {(context.findtext("name") or "", message.findtext("source") or "")
                for context in ET.parse(path).getroot() for message in context.iter("message")
                if message.find("translation").get("type") != "unfinished" or path == created}
    untranslated = texts(created) - texts(Path(__file__).parents[2] / "resources" / "i18n" / "pos_loyalty_es.ts")
    assert not untranslated, ("texts of the code missing from pos_loyalty_es.ts: run `make update-translations` "
                              f"and translate what it marks unfinished: {sorted(untranslated)}")


def test_qt_s_own_buttons_speak_the_language_too(spanish):
    """Qt's standard dialog buttons (a QMessageBox's Yes/No/Cancel) come from PySide6's qtbase_es.qm."""
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Sí"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (make system-deps)")
def test_the_slip_s_milestone_lines_print_in_the_app_s_language(sold, spanish, tmp_path):
    """The milestone steps a sale reached, the coupon one gave and the next milestone, on the
    receipt printer (ESC/POS bytes from python-escpos' Dummy printer) and in the PDF slip of a
    Spanish app; no English word on either. The CLI's slip stays English."""
    from escpos.printer import Dummy

    from pos_loyalty.services import slip

    from ..test_slip import NEXT_DAY, SALE, printed_text, second_sale
    from .test_spanish import COMMON_ENGLISH, SAME_IN_BOTH, _sources_and_translations, english_words

    printer = Dummy(profile="default")
    first = printed_text(slip.escpos_job("TILL1-1", width=48, when=SALE, printer=printer))
    for line in ("Order milestones — 1 pedido: +100 puntos", "Order milestones: 1 de 2 pedidos — siguiente:", "T-shirt gratis"):
        assert line in first, first
    _used, issued = second_sale(sold)
    pdf = slip.write_pdf("TILL1-2", tmp_path / "slip.pdf", when=NEXT_DAY)
    second = " ".join(_pdf_text(pdf).split())
    for expected in ("Order milestones — 2 pedidos: Free shirt", f"{issued} Free shirt, hasta el 02/04/2026",
                     "Order milestones: 2 de 5 pedidos — siguiente: 500 puntos"):
        assert expected in second, second
    english, spanish_words, _ = _sources_and_translations()
    vocabulary = (english | COMMON_ENGLISH) - spanish_words - SAME_IN_BOTH
    names = {"order", "milestones", "free", "shirt", "store", "my"}  # the store's and its rules' own names
    for text in (first, second):
        assert english_words(text, vocabulary, names) == [], text
    i18n.install("en")
    assert "  Order milestones — 1 order: +100 points" in slip.text_lines("TILL1-1", width=42, when=SALE)
