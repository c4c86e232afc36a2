"""Errors the domain and services raise for the user to read.

Each names the field it concerns and says what is wrong, so the GUI can put the
message next to the field and the CLI can exit 2 with it.
"""

from __future__ import annotations


class LoyaltyError(Exception):
    """Base of every error that is the user's to fix (bad input, a refused action)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ValidationError(LoyaltyError):
    """Input that breaks a rule."""


class NotFound(LoyaltyError):
    """A card, customer, order, batch or refund that does not exist."""


class Conflict(LoyaltyError):
    """The same id was used before with different content (an order, a refund)."""


class PermissionDenied(LoyaltyError):
    """A manager-only action without a valid manager PIN."""

    def __init__(self, message: str, field: str = "pin") -> None:
        super().__init__(field, message)


class Busy(LoyaltyError):
    """The database is held by another till or a long job: nothing was written; try again."""

    def __init__(self, message: str = "the database is busy (another till or a long job holds it); try again", field: str = "database") -> None:
        super().__init__(field, message)
