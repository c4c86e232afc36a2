"""Card and sheet layouts, read from ``resources/card_layouts.json``.

Every size and position a printed card uses lives in that file, so a store can move the
logo, change the gaps between cards or correct a printer's offset without touching code.
The file is validated whole by pydantic; a wrong value raises `LayoutError` naming the
field (``layouts.a4.columns: ...``).

Units in the file: millimetres (``*_mm``) and points for font sizes (``*_pt``). Positions
inside a card are measured from the card's TOP-LEFT corner, y growing downwards, the way a
designer measures a printed card. This module turns them into PDF points (origin at the
bottom-left of the page, y up) once, into a `ResolvedLayout` the renderer uses as is.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pos_loyalty.resources import resource_path

MM = 72.0 / 25.4  # points per millimetre
LAYOUTS_FILE = "card_layouts.json"
STANDARD_FONTS = frozenset(
    {
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
        "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
        "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    }
)
# Height of a line of digits above its baseline, as a fraction of the font size
# (cap height of Helvetica/Courier is about 0.72 em); used to keep text inside boxes.
CAP_HEIGHT = 0.75
DESCENT = 0.22


class LayoutError(ValueError):
    """The layout file (or a layout in it) is wrong; ``field`` says where."""

    def __init__(self, field: str, message: str, source: str = LAYOUTS_FILE) -> None:
        super().__init__(f"{source}: {field}: {message}")
        self.field = field
        self.message = message


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BoxSpec(_Model):
    x_mm: float = Field(ge=0)
    y_mm: float = Field(ge=0)
    width_mm: float = Field(gt=0)
    height_mm: float = Field(gt=0)


class TextSpec(_Model):
    """A line of text: ``y_mm`` is its baseline, from the card's top edge."""

    x_mm: float = Field(ge=0)
    y_mm: float = Field(gt=0)
    font: str = "Helvetica"
    size_pt: float = Field(gt=0, le=72)
    gray: float = Field(default=0.0, ge=0, le=1)
    max_width_mm: float = Field(gt=0)

    @model_validator(mode="after")
    def _known_font(self) -> "TextSpec":
        if self.font not in STANDARD_FONTS:
            raise ValueError(f"font {self.font!r} is not one of {sorted(STANDARD_FONTS)}")
        return self


class TaglineSpec(TextSpec):
    text: str = ""


class BarcodeSpec(BoxSpec):
    """The box holding bars, quiet zones and the number printed under the bars."""

    min_module_mm: float = Field(default=0.19, gt=0)
    max_module_mm: float = Field(default=0.5, gt=0)
    number_font: str = "Helvetica"
    number_size_pt: float = Field(default=9.0, gt=0, le=36)
    number_gap_mm: float = Field(default=1.0, ge=0)

    @model_validator(mode="after")
    def _check(self) -> "BarcodeSpec":
        if self.min_module_mm > self.max_module_mm:
            raise ValueError("min_module_mm must not exceed max_module_mm")
        if self.number_font not in STANDARD_FONTS:
            raise ValueError(f"number_font {self.number_font!r} is not one of {sorted(STANDARD_FONTS)}")
        text_mm = self.number_gap_mm + self.number_size_pt * (CAP_HEIGHT + DESCENT) / MM
        if self.height_mm - text_mm < 5:
            raise ValueError(
                "height_mm leaves less than 5 mm of bars once the number under them "
                f"(number_gap_mm + number_size_pt = {text_mm:.1f} mm) is taken off"
            )
        return self


class CardSpec(_Model):
    width_mm: float = Field(gt=0)
    height_mm: float = Field(gt=0)
    corner_radius_mm: float = Field(default=3.18, ge=0)
    border_width_pt: float = Field(default=0.5, ge=0)
    border_gray: float = Field(default=0.7, ge=0, le=1)
    store_name: TextSpec
    tagline: TaglineSpec | None = None
    logo: BoxSpec | None = None
    barcode: BarcodeSpec

    @model_validator(mode="after")
    def _inside_card(self) -> "CardSpec":
        boxes: dict[str, BoxSpec | None] = {"logo": self.logo, "barcode": self.barcode}
        for name, box in boxes.items():
            if box is None:
                continue
            if box.x_mm + box.width_mm > self.width_mm + 1e-6:
                raise ValueError(f"{name}: x_mm + width_mm ({box.x_mm + box.width_mm:g}) is wider than the card ({self.width_mm:g} mm)")
            if box.y_mm + box.height_mm > self.height_mm + 1e-6:
                raise ValueError(f"{name}: y_mm + height_mm ({box.y_mm + box.height_mm:g}) is taller than the card ({self.height_mm:g} mm)")
        texts: dict[str, TextSpec | None] = {"store_name": self.store_name, "tagline": self.tagline}
        for name, text in texts.items():
            if text is None:
                continue
            if text.x_mm + text.max_width_mm > self.width_mm + 1e-6:
                raise ValueError(f"{name}: x_mm + max_width_mm is wider than the card ({self.width_mm:g} mm)")
            if text.y_mm > self.height_mm or text.y_mm < text.size_pt * CAP_HEIGHT / MM:
                raise ValueError(f"{name}: y_mm (baseline) puts the text outside the card")
        if self.corner_radius_mm * 2 > min(self.width_mm, self.height_mm):
            raise ValueError("corner_radius_mm is more than half the card")
        return self


class SheetSpec(_Model):
    """One page layout: a grid of cards centred on the page (plus a printer offset)."""

    description: str = ""
    page_width_mm: float = Field(gt=0)
    page_height_mm: float = Field(gt=0)
    columns: int = Field(ge=1, le=20)
    rows: int = Field(ge=1, le=40)
    gap_x_mm: float = Field(default=0.0, ge=0)
    gap_y_mm: float = Field(default=0.0, ge=0)
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    safe_margin_mm: float = Field(default=6.0, ge=0)
    cut_marks: bool = False
    cut_mark_sides: list[Literal["top", "bottom", "left", "right"]] = Field(
        default_factory=lambda: ["top", "bottom", "left", "right"],
        description="page sides that carry cut marks (a sheet filled to the margin has room only at some)",
    )
    card_border: bool = True
    cut_mark_length_mm: float = Field(default=3.0, gt=0)
    cut_mark_offset_mm: float = Field(default=1.0, ge=0)
    page_compression: bool = True


class LayoutFile(_Model):
    comment: str | list[str] = ""
    card: CardSpec
    layouts: dict[str, SheetSpec] = Field(min_length=1)


def _check_sheet_fits(sheet: SheetSpec, card: CardSpec) -> None:
    """The centred grid (and its cut marks) must stay inside the safe margin."""
    grid_w = sheet.columns * card.width_mm + (sheet.columns - 1) * sheet.gap_x_mm
    grid_h = sheet.rows * card.height_mm + (sheet.rows - 1) * sheet.gap_y_mm
    left = (sheet.page_width_mm - grid_w) / 2 + sheet.offset_x_mm
    top = (sheet.page_height_mm - grid_h) / 2 + sheet.offset_y_mm
    right = sheet.page_width_mm - left - grid_w
    bottom = sheet.page_height_mm - top - grid_h
    tol = 1e-6
    if min(left, right) < sheet.safe_margin_mm - tol:
        raise ValueError(
            f"{sheet.columns} columns of {card.width_mm:g} mm cards with gap_x_mm "
            f"{sheet.gap_x_mm:g} (offset_x_mm {sheet.offset_x_mm:g}) leave {min(left, right):.2f} mm "
            f"at the side of a {sheet.page_width_mm:g} mm page; safe_margin_mm is {sheet.safe_margin_mm:g}"
        )
    if min(top, bottom) < sheet.safe_margin_mm - tol:
        raise ValueError(
            f"{sheet.rows} rows of {card.height_mm:g} mm cards with gap_y_mm "
            f"{sheet.gap_y_mm:g} (offset_y_mm {sheet.offset_y_mm:g}) leave {min(top, bottom):.2f} mm "
            f"at the top/bottom of a {sheet.page_height_mm:g} mm page; safe_margin_mm is {sheet.safe_margin_mm:g}"
        )
    if sheet.cut_marks:
        reach = sheet.cut_mark_offset_mm + sheet.cut_mark_length_mm
        room = {"left": left, "right": right, "top": top, "bottom": bottom}
        if min(room[side] for side in sheet.cut_mark_sides) - reach < sheet.safe_margin_mm - tol:
            raise ValueError(
                f"cut marks (cut_mark_offset_mm + cut_mark_length_mm = {reach:g} mm) "
                f"reach into the {sheet.safe_margin_mm:g} mm safe margin; shorten them or set cut_marks false"
            )


# --------------------------------------------------------------------------- resolved form


@dataclass(frozen=True)
class TextBox:
    x: float  # points, from the card's bottom-left
    y: float  # baseline
    font: str
    size: float
    gray: float
    max_width: float
    text: str = ""


@dataclass(frozen=True)
class ResolvedLayout:
    """A sheet layout in PDF points, ready to draw (origin bottom-left, y up)."""

    name: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    card_width: float
    card_height: float
    corner_radius: float
    border_width: float
    border_gray: float
    slots: tuple[tuple[float, float], ...]  # bottom-left corner of each card, reading order
    safe_margin: float
    cut_marks: tuple[tuple[float, float, float, float], ...]  # line segments x1, y1, x2, y2
    page_compression: bool
    store_name: TextBox
    tagline: TextBox | None
    logo_box: tuple[float, float, float, float] | None  # x, y, w, h within the card
    barcode_box: tuple[float, float, float, float]  # x, y, w, h within the card (whole box)
    min_module: float
    max_module: float
    number_font: str
    number_size: float
    number_gap: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


def _resolve(name: str, sheet: SheetSpec, card: CardSpec) -> ResolvedLayout:
    cw, ch = card.width_mm * MM, card.height_mm * MM
    gx, gy = sheet.gap_x_mm * MM, sheet.gap_y_mm * MM
    pw, ph = sheet.page_width_mm * MM, sheet.page_height_mm * MM
    grid_w = sheet.columns * cw + (sheet.columns - 1) * gx
    grid_h = sheet.rows * ch + (sheet.rows - 1) * gy
    left = (pw - grid_w) / 2 + sheet.offset_x_mm * MM
    top_y = ph - ((ph - grid_h) / 2 + sheet.offset_y_mm * MM)  # y of the grid's top edge
    slots = tuple(
        (left + c * (cw + gx), top_y - (r + 1) * ch - r * gy)
        for r in range(sheet.rows)
        for c in range(sheet.columns)
    )

    marks: list[tuple[float, float, float, float]] = []
    if sheet.cut_marks:
        off, length = sheet.cut_mark_offset_mm * MM, sheet.cut_mark_length_mm * MM
        bottom_y = top_y - grid_h
        right = left + grid_w
        xs = sorted({round(left + c * (cw + gx), 4) for c in range(sheet.columns)}
                    | {round(left + c * (cw + gx) + cw, 4) for c in range(sheet.columns)})
        ys = sorted({round(top_y - r * (ch + gy), 4) for r in range(sheet.rows)}
                    | {round(top_y - r * (ch + gy) - ch, 4) for r in range(sheet.rows)})
        sides = set(sheet.cut_mark_sides)
        for x in xs:
            if "top" in sides:
                marks.append((x, top_y + off, x, top_y + off + length))
            if "bottom" in sides:
                marks.append((x, bottom_y - off, x, bottom_y - off - length))
        for y in ys:
            if "left" in sides:
                marks.append((left - off, y, left - off - length, y))
            if "right" in sides:
                marks.append((right + off, y, right + off + length, y))

    def text(spec: TextSpec | None, value: str = "") -> TextBox | None:
        if spec is None:
            return None
        return TextBox(spec.x_mm * MM, ch - spec.y_mm * MM, spec.font, spec.size_pt,
                       spec.gray, spec.max_width_mm * MM, value)

    def box(spec: BoxSpec | None) -> tuple[float, float, float, float] | None:
        if spec is None:
            return None
        return (spec.x_mm * MM, ch - (spec.y_mm + spec.height_mm) * MM,
                spec.width_mm * MM, spec.height_mm * MM)

    bc = card.barcode
    store_name = text(card.store_name)
    assert store_name is not None
    barcode_box = box(bc)
    assert barcode_box is not None
    return ResolvedLayout(
        name=name, page_width=pw, page_height=ph, columns=sheet.columns, rows=sheet.rows,
        card_width=cw, card_height=ch, corner_radius=card.corner_radius_mm * MM,
        border_width=card.border_width_pt if sheet.card_border else 0.0, border_gray=card.border_gray, slots=slots,
        safe_margin=sheet.safe_margin_mm * MM, cut_marks=tuple(marks),
        page_compression=sheet.page_compression, store_name=store_name,
        tagline=text(card.tagline, card.tagline.text if card.tagline else ""),
        logo_box=box(card.logo), barcode_box=barcode_box,
        min_module=bc.min_module_mm * MM, max_module=bc.max_module_mm * MM,
        number_font=bc.number_font, number_size=bc.number_size_pt, number_gap=bc.number_gap_mm * MM,
    )


# --------------------------------------------------------------------------- loading


def _format_loc(loc: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(root)"


def parse_layouts(data: object, source: str = LAYOUTS_FILE) -> dict[str, ResolvedLayout]:
    """Validate already-decoded JSON and resolve every layout in it."""
    try:
        spec = LayoutFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = _format_loc(tuple(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        more = len(exc.errors()) - 1
        if more:
            others = "; ".join(
                f"{_format_loc(tuple(e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                for e in exc.errors()[1:]
            )
            message = f"{message} (and {more} more: {others})"
        raise LayoutError(field, message, source) from None
    for name, sheet in spec.layouts.items():
        try:
            _check_sheet_fits(sheet, spec.card)
        except ValueError as exc:
            raise LayoutError(f"layouts.{name}", str(exc), source) from None
    return {name: _resolve(name, sheet, spec.card) for name, sheet in spec.layouts.items()}


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> dict[str, ResolvedLayout]:
    source = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise LayoutError("(file)", f"cannot read {path}: {exc.strerror or exc}", source) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LayoutError(f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}", source) from None
    return parse_layouts(data, source)


def load_layouts(path: Path | str | None = None) -> dict[str, ResolvedLayout]:
    """All layouts of the layout file (default ``resources/card_layouts.json``).

    Parsed once and cached until the file changes.
    """
    file = Path(path) if path is not None else resource_path(LAYOUTS_FILE)
    try:
        st = os.stat(file)
    except OSError as exc:
        raise LayoutError("(file)", f"cannot read {file}: {exc.strerror or exc}", file.name) from None
    return _load_cached(str(file), st.st_mtime_ns, st.st_size)


def get_layout(name: str, path: Path | str | None = None) -> ResolvedLayout:
    """One layout by name; an unknown name raises ValueError listing the valid ones."""
    layouts = load_layouts(path)
    try:
        return layouts[name]
    except KeyError:
        valid = ", ".join(sorted(layouts))
        raise ValueError(f"unknown card layout {name!r}; valid layouts: {valid}") from None


def pages_needed(layout: ResolvedLayout, count: int) -> int:
    return max(1, math.ceil(count / layout.per_page)) if count > 0 else 0
