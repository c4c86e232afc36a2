"""Logging to a file in the user's log folder (a GUI launcher has no console).

The file is opened when the first record arrives, not at start: a command-line call that logs
nothing does not pay for `logging.handlers` or for finding the log folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .paths import log_dir
from .private_files import opener, private_folder


def _private_rotating_handler(path: Path) -> logging.Handler:
    """A rotating log (2 MB × 3) whose files — the first and each one after a rotation — are
    0600: the log can name customers and cards. `logging.handlers` is imported here, on the
    first record, so a command that logs nothing does not pay for it."""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=opener)

    return PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")


class FileOnFirstRecord(logging.Handler):
    """Becomes a rotating file handler (2 MB × 3) in the log folder on its first record."""

    def __init__(self) -> None:
        super().__init__()
        self._target: logging.Handler | None = None

    def _open(self) -> logging.Handler:
        try:
            folder = private_folder(log_dir())
            handler: logging.Handler = _private_rotating_handler(folder / "pos_loyalty.log")
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(self.formatter)
        return handler

    def emit(self, record: logging.LogRecord) -> None:
        if self._target is None:
            self._target = self._open()
        self._target.handle(record)

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


def setup_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(isinstance(h, FileOnFirstRecord) for h in root.handlers):
        return
    handler = FileOnFirstRecord()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
