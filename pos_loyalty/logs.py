"""Logging to a file in the user's log folder (a GUI launcher has no console).

The file is opened when the first record arrives, not at start: a command-line call that logs
nothing does not pay for `logging.handlers` or for finding the log folder.
"""

from __future__ import annotations

import logging

from .paths import log_dir


class FileOnFirstRecord(logging.Handler):
    """Becomes a rotating file handler (2 MB × 3) in the log folder on its first record."""

    def __init__(self) -> None:
        super().__init__()
        self._target: logging.Handler | None = None

    def _open(self) -> logging.Handler:
        import logging.handlers

        try:
            folder = log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = logging.handlers.RotatingFileHandler(folder / "pos_loyalty.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
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
