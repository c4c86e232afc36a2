"""Logging to a file in the user's log folder (a GUI launcher has no console)."""

from __future__ import annotations

import logging
import logging.handlers

from .paths import log_dir
from .private_files import opener, private_folder


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files (the first and each one after a rotation) are 0600: the log
    can name customers and cards."""

    def _open(self):  # type: ignore[no-untyped-def]
        return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=opener)


def setup_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return
    try:
        folder = private_folder(log_dir())
        handler: logging.Handler = PrivateRotatingFileHandler(folder / "pos_loyalty.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
