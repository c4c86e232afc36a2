"""Start the desktop application: style, error handling, the database, the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ..domain.errors import LoyaltyError
from ..resources import resource_path

log = logging.getLogger(__name__)

BASE_POINT_SIZE = 11  # readable at arm's length; the key figures are larger still (style.qss)


def apply_style(app: QApplication) -> None:
    """The app's font and style sheet (`resources/style.qss`)."""
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), BASE_POINT_SIZE))
    app.setFont(font)
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    app.setWindowIcon(QIcon(str(resource_path("icons/app.svg"))))


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error: logged in full, shown to the cashier in one dialog — never a silent crash."""
    log.critical("unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(None, QCoreApplication.translate("app", "POS Loyalty"),
                             QCoreApplication.translate("app", "Something went wrong and was logged: {error}\n"
                                "Your last action may not have completed; nothing half-done was saved.").format(error=f"{kind.__name__}: {error}"))


def run(argv: list[str]) -> int:
    """Open the app on the database named by ``--db`` (else POS_LOYALTY_DB, else the default file)."""
    import argparse

    from ..services.setup import close_store, open_store
    from .main_window import MainWindow

    parser = argparse.ArgumentParser(prog="pos-loyalty", description="Open the desktop app.")
    parser.add_argument("--db", help="SQLite file or postgresql:// URL")
    parser.add_argument("--create", action="store_true", help="create the --db file's folder if it does not exist")
    args, qt_args = parser.parse_known_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("pos-loyalty")
    app.setOrganizationName("pos_loyalty")
    apply_style(app)
    sys.excepthook = _excepthook
    try:
        open_store(args.db, create=args.create)
    except LoyaltyError as exc:  # a wrong --db: said before the first sale, not after it
        QMessageBox.critical(None, QCoreApplication.translate("app", "POS Loyalty"),
                             QCoreApplication.translate("app", "The database cannot be opened: {error}").format(error=exc.message))
        return 2
    try:
        from ..services import settings
        from . import i18n

        i18n.install(settings.get("language"))  # before the first window: every text is read in it
        from .sign_in_dialog import SignInDialog

        name = SignInDialog.ask(None)
        if name is None:  # quit at the sign-in: nothing was opened
            return 0
        window = MainWindow(user=name)
        window.show()
        from .daily_job import DailyJob

        daily = DailyJob(name, window)  # points expiry and inactivity milestones: at start, then once a day
        daily.start()
        try:
            return app.exec()
        finally:
            daily.stop()
    finally:
        close_store()
