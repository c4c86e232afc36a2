"""The programme's own texts in the app's language: a milestone's progress and steps (the
milestone panel, the loyalty slip) and the coupon slip's words. The domain writes them in English from `MilestoneWords`
(the CLI and the notes stored with an award keep that); here the same shapes are read from
the installed translation, so the figures and names are filled in the same way in every
language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..domain.milestones import MilestoneWords
from ..printing.coupon_slip import CouponSlipWords


def milestone_words() -> MilestoneWords:
    """`MilestoneWords` in the installed language (read at each call: the language of the moment)."""
    return MilestoneWords(
        units=(("orders", QCoreApplication.translate("programme", "order"),
                QCoreApplication.translate("programme", "orders")),
               ("points_earned", QCoreApplication.translate("programme", "point earned"),
                QCoreApplication.translate("programme", "points earned")),
               ("reviews", QCoreApplication.translate("programme", "review"),
                QCoreApplication.translate("programme", "reviews")),
               ("inactivity", QCoreApplication.translate("programme", "day without an order"),
                QCoreApplication.translate("programme", "days without an order"))),
        spent=QCoreApplication.translate("programme", "{amount} spent"),
        of_count=QCoreApplication.translate("programme", "{have} of {need}"),
        of_spent=QCoreApplication.translate("programme", "{have} of {need} spent"),
        next_step=QCoreApplication.translate("programme", "{rule}: {have} — next: {gift}"),
        every_step=QCoreApplication.translate("programme", "{rule}: {amount} — every step reached"),
        free_product=QCoreApplication.translate("programme", "a free {product}"),
        step=QCoreApplication.translate("programme", "{rule} — {amount}"))


def coupon_slip_words() -> CouponSlipWords:
    """The coupon slip's words in the installed language."""
    return CouponSlipWords(
        title=QCoreApplication.translate("programme", "Coupon {code}"),
        coupon=QCoreApplication.translate("programme", "Coupon"),
        your_coupon=QCoreApplication.translate("programme", "Your coupon"),
        for_customer=QCoreApplication.translate("programme", "for {customer}"),
        valid_until=QCoreApplication.translate("programme", "Valid until {date}"),
        no_expiry=QCoreApplication.translate("programme", "No expiry date"),
        note=QCoreApplication.translate("programme", "Show this slip at the till. One use."))
