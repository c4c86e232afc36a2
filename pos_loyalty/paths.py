"""Where the app keeps its data and settings (platformdirs), overridable for tests and kiosks.

`POS_LOYALTY_DATA_DIR` and `POS_LOYALTY_CONFIG_DIR` move the folders; `POS_LOYALTY_DB`
(or `--db`) points at another database altogether, a file path or a ``postgresql://`` URL.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "pos-loyalty"

# platformdirs is imported only when a folder is not given by the environment (CLI start).


def data_dir() -> Path:
    if os.environ.get("POS_LOYALTY_DATA_DIR"):
        return Path(os.environ["POS_LOYALTY_DATA_DIR"])
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    if os.environ.get("POS_LOYALTY_CONFIG_DIR"):
        return Path(os.environ["POS_LOYALTY_CONFIG_DIR"])
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def log_dir() -> Path:
    if os.environ.get("POS_LOYALTY_LOG_DIR"):
        return Path(os.environ["POS_LOYALTY_LOG_DIR"])
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP, appauthor=False))


def default_database() -> str:
    """The database to open when none is named: the env var, else a file in the data folder."""
    return os.environ.get("POS_LOYALTY_DB") or str(data_dir() / "pos_loyalty.db")
