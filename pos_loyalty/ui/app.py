"""Start the desktop application."""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)


def run(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from ..services.setup import open_store
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("pos-loyalty")
    app.setOrganizationName("pos_loyalty")
    open_store()
    window = MainWindow()
    window.show()
    return app.exec()
