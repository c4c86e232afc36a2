"""pos_loyalty: a point-of-sale loyalty companion."""

__version__ = "0.1.0"
