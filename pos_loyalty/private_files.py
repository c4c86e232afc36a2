"""Files only their owner can read: the database (card holders' names, phones, e-mails and
points), its backups and the log. Folders the app creates are 0700, files 0600, whatever the
process's umask; files and folders that already exist are left as their owner set them.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create `path` and any missing parent, each readable by the owner only."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # another process made it meanwhile
            continue
        os.chmod(folder, FOLDER_MODE)  # mkdir's mode is reduced by the umask
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 if it does not exist (SQLite then gives its -wal and
    -shm files the same mode); an existing file is not touched."""
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    return path


def opener(path: str, flags: int) -> int:
    """For `open(..., opener=opener)`: a file created by it is 0600."""
    return os.open(path, flags, FILE_MODE)
