"""pos_loyalty: a point-of-sale loyalty companion."""

__version__ = "0.1.0"

from . import _drivers

_drivers.defer()  # psycopg only when a PostgreSQL URL is opened (CLI start: see _drivers.py)
