"""The audit log: who did what, when and why, for every manual change."""

from __future__ import annotations

import json
from typing import Any

from ..store.models import AuditLog, now


def record(user: str, action: str, target: str, reason: str = "", details: dict[str, Any] | None = None) -> None:
    """Append one audit row; call inside the transaction of the change it describes."""
    AuditLog.create(at=now(), user=user, action=action, target=target, reason=reason, details=json.dumps(details or {}, default=str, sort_keys=True))


def recent(limit: int = 100) -> list[AuditLog]:
    return list(AuditLog.select().order_by(AuditLog.id.desc()).limit(limit))
