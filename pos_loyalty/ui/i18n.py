"""The desktop app's language: which one (the `language` setting, else the computer's
locale), Qt translators for it (ours from `resources/i18n/`, Qt's own `qtbase_XX.qm` for the
standard dialog buttons), and the dates, numbers and money of that locale (`formats.use_style`).
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import formats, languages
from ..domain import slip
from .programme_texts import milestone_words

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []  # kept alive while installed (Qt holds no reference)


def resolve(setting: str, system: QLocale | None = None) -> str:
    """The language to speak for the `language` setting: itself when it is one we have,
    else (``system``, or a file since removed) the computer's locale's language if we have
    it, else English."""
    offered = languages.available()
    if setting in offered:
        return setting
    system = system or QLocale.system()
    for name in (system.name(), system.name().split("_")[0]):
        if name in offered:
            return name
    return languages.SOURCE_LANGUAGE


# Each translation names its own language: the translation of this text in pos_loyalty_XX.ts is
# the language's name in that language ("Español"), shown in the Settings list.
OWN_NAME = QT_TRANSLATE_NOOP("language", "English")


def language_name(code: str) -> str:
    """A language as its speakers write it ("English", "Español"), for the Settings list: the
    name its translation file gives itself, else Qt's native name of the language."""
    if code == languages.SOURCE_LANGUAGE:
        return OWN_NAME
    translator = QTranslator()
    if translator.load(str(languages.compiled(code))):
        own = translator.translate("language", OWN_NAME)
        if own:
            return own
    name = QLocale(code).nativeLanguageName()
    return name[:1].upper() + name[1:] if name else code


def style_for(language: str, system: QLocale | None = None) -> formats.Style:
    """The dates and numbers of `language`: English keeps the app's own look (ISO dates,
    ``€1,234.50``); another language takes its locale's separators, date order and currency
    place — the computer's own locale when it speaks that language (es_MX, es_ES), else the
    language's main country."""
    if language == languages.SOURCE_LANGUAGE:
        return formats.Style()
    system = system or QLocale.system()
    locale = system if system.name().split("_")[0] == language.split("_")[0] else QLocale(language)
    return formats.Style(date_format=_strftime_date(locale.dateFormat(QLocale.FormatType.ShortFormat)),
                         decimal=locale.decimalPoint() or ".", group=locale.groupSeparator() or ",",
                         symbol_after=locale.toCurrencyString(1.0, "¤").rstrip().endswith("¤"),
                         point=QCoreApplication.translate("formats", "point"),
                         points=QCoreApplication.translate("formats", "points"))


def _strftime_date(qt_pattern: str) -> str:
    """Qt's short date pattern ("d/M/yy", "dd.MM.yy") as a strftime one with two-digit days and
    months and the full year ("%d/%m/%Y"): same order and separator, never ambiguous."""
    order = [field[0] for field in re.findall(r"d+|M+|y+", qt_pattern) if not field.startswith("ddd")]
    separator = re.search(r"[^dMy\s]", qt_pattern)
    if sorted(order) != ["M", "d", "y"]:
        return formats.DATE_FORMAT
    codes = {"d": "%d", "M": "%m", "y": "%Y"}
    return (separator.group(0) if separator else "/").join(codes[field] for field in order)


def install(setting: str) -> str:
    """Speak the language the `language` setting asks for (see `resolve`): install its
    translators on the running application and its formats; returns the language used.
    A language whose compiled file is missing (`make translations` not run) stays English."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve(setting)
    if language != languages.SOURCE_LANGUAGE:
        ours = QTranslator(app)
        if not ours.load(str(languages.compiled(language))):
            log.warning("no compiled translation %s (run make translations): the app stays in English", languages.compiled(language))
            language = languages.SOURCE_LANGUAGE
        else:
            qt_own = QTranslator(app)
            if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                app.installTranslator(qt_own)
                _installed.append(qt_own)
            app.installTranslator(ours)
            _installed.append(ours)
    QLocale.setDefault(QLocale(language) if language != languages.SOURCE_LANGUAGE else QLocale.system())
    formats.use_style(style_for(language))
    slip.use_words(slip_words())
    return language


def slip_words() -> slip.SlipWords:
    """The loyalty slip's words in the installed language (the printer prints what the app speaks)."""
    return slip.SlipWords(
        title=QCoreApplication.translate("slip", "Loyalty slip"), date=QCoreApplication.translate("slip", "Date"),
        order=QCoreApplication.translate("slip", "Order"), card=QCoreApplication.translate("slip", "Card"),
        customer=QCoreApplication.translate("slip", "Customer"), total=QCoreApplication.translate("slip", "Total"),
        order_status=QCoreApplication.translate("slip", "Order status"),
        partly_refunded=QCoreApplication.translate("slip", "PARTLY REFUNDED"), refunded=QCoreApplication.translate("slip", "REFUNDED"),
        cancelled=QCoreApplication.translate("slip", "CANCELLED"), points_earned=QCoreApplication.translate("slip", "Points earned"),
        when_fulfilled=QCoreApplication.translate("slip", " (when fulfilled)"), points_spent=QCoreApplication.translate("slip", "Points spent"),
        balance=QCoreApplication.translate("slip", "Balance"), reached=QCoreApplication.translate("slip", "Reached with this sale:"),
        coupons_for_you=QCoreApplication.translate("slip", "Coupons for you:"), coupons_used=QCoreApplication.translate("slip", "Coupons used:"),
        until=QCoreApplication.translate("slip", ", until {date}"), expire_by=QCoreApplication.translate("slip", "{points} expire by {date}"),
        next_milestone=QCoreApplication.translate("slip", "Next milestone:"), thanks=QCoreApplication.translate("slip", "Thank you!"),
        milestones=milestone_words())


def default_card_tagline() -> str:
    """The line under the store's name on a printed card when the `card_tagline` setting is
    empty: "LOYALTY CARD" in the app's language."""
    return QCoreApplication.translate("cards", "LOYALTY CARD")


def qt_date_format() -> str:
    """The app's date pattern for a QDateEdit ("yyyy-MM-dd", "dd/MM/yyyy"): what `formats.date_text` writes."""
    pattern = formats.style().date_format
    for code, qt in (("%d", "dd"), ("%m", "MM"), ("%Y", "yyyy")):
        pattern = pattern.replace(code, qt)
    return pattern
