"""The coupon slip: a coupon printed on receipt paper for the customer to take, when no
e-mail tells them (no SMTP server, or no address). Read-only: printing changes nothing."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import NotFound, ValidationError
from ..formats import date_text
from ..printing.coupon_slip import ENGLISH, CouponSlipWords, Slip, render_coupon_slip
from ..store.models import Card, Coupon, Customer, now
from . import settings
from .messages import placeholders
from .printing import check_output


def slip_for(code: str) -> Slip:
    """What the slip of the coupon `code` shows; refused if it cannot be used any more."""
    text = (code or "").strip().upper()
    coupon = Coupon.get_or_none(Coupon.code == text) if text and len(text) <= 40 else None
    if coupon is None:
        raise NotFound("code", f"no coupon '{code}'")
    if coupon.status != "issued":
        raise ValidationError("code", f"coupon {coupon.code} is {coupon.status}: it cannot be used")
    if coupon.expires_at is not None and coupon.expires_at < now():
        raise ValidationError("code", f"coupon {coupon.code} expired on {date_text(coupon.expires_at)}")
    customer = Customer.select().join(Card, on=(Card.customer == Customer.id)).where(Card.id == coupon.card_id).first()
    values = placeholders(customer, coupon, {})
    return Slip(settings.get("store_name"), values["reward_name"], coupon.code, values["coupon_expires"], values["customer_name"])


def print_slip(code: str, out: str | Path, words: CouponSlipWords = ENGLISH) -> Path:
    """Write the coupon's slip to the PDF `out` (written whole or not at all), in `words` (the
    desktop app passes its language's; the expiry date is written in the app's format)."""
    path = check_output(out)
    slip = slip_for(code)
    try:
        return render_coupon_slip(slip, path, words)
    except OSError as exc:
        raise ValidationError("out", f"cannot write {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ValidationError("code", str(exc)) from None
