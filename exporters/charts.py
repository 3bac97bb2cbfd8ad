"""Charts for the LAKIP, drawn with Pillow into PNG bytes.

Readers look before they read: each sasaran gets its indicators' realisasi over the earlier years
and this one against this year's target, BAB III.B the serapan of each programme, and the
Ikhtisar the count of indicators per predikat. Pillow draws all of them in a few milliseconds
each (a plotting library took about half a second per chart on this machine, more than the whole
export's budget); the charts are simple enough that axes, ticks and labels are a page of code.

Every chart comes with its alt text (the chart said in words). Drawing is deterministic: the same
data gives the same bytes. Numbers are written the Indonesian way (``72,5``, ``1.234``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from models.budget import BudgetSum
from models.domain import BudgetLine, Indicator
from models.formulas import serapan
from models.numbers import format_measure, format_percent, format_plain
from models.quarter_fill import quarter_label
from models.quarters import format_value

__all__ = ["Chart", "history_chart", "predikat_chart", "serapan_chart"]

_PX_PER_CM = 59  # 150 dots per inch
_SCALE = 2  # drawn twice as large, then reduced: smooth lines without an anti-aliasing library
_INK = (31, 59, 92)  # realisasi
_TARGET = (192, 57, 43)  # target
_GREY = (120, 120, 120)
_GRID = (221, 221, 221)
_BLACK = (0, 0, 0)
_MAX_PANELS = 12  # indicators per sasaran chart; more are named in the alt text
_FONT_FILES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    alt: str  # the chart said in words
    width_cm: float


def _px(points: float) -> int:
    """The drawing's pixels (before the reduction) of a length in points on the page."""
    return round(points * _PX_PER_CM * 2.54 / 72 * _SCALE)


@cache
def _font(points: int) -> Any:
    """The document's face (Liberation Sans) where installed, else Pillow's built-in face, at
    ``points`` on the page (the picture is inserted at its drawn size)."""
    from PIL import ImageFont

    pixels = _px(points)
    for name in _FONT_FILES:
        if Path(name).is_file():
            return ImageFont.truetype(name, pixels)
    return ImageFont.load_default(size=pixels)


class _Canvas:
    """A white picture of ``width_cm`` x ``height_cm`` with drawing helpers in its own pixels
    (before the reduction)."""

    def __init__(self, width_cm: float, height_cm: float) -> None:
        from PIL import Image, ImageDraw

        self.width_cm = width_cm
        self.w = round(width_cm * _PX_PER_CM) * _SCALE
        self.h = round(height_cm * _PX_PER_CM) * _SCALE
        self.image = Image.new("RGB", (self.w, self.h), "white")
        self.draw = ImageDraw.Draw(self.image)

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int = 8,
        fill: Any = _BLACK,
        anchor: str = "la",
    ) -> None:
        if "\n" in text:
            self.draw.multiline_text(xy, text, font=_font(size), fill=fill, anchor=anchor,
                                     align="center")  # fmt: skip
        else:
            self.draw.text(xy, text, font=_font(size), fill=fill, anchor=anchor)

    def text_width(self, text: str, size: int = 8) -> float:
        if "\n" in text:
            return max(self.text_width(line, size) for line in text.split("\n"))
        return float(self.draw.textlength(text, font=_font(size)))

    def line(self, points: Sequence[tuple[float, float]], fill: Any, width: float = 1) -> None:
        self.draw.line(list(points), fill=fill, width=max(1, round(width * _SCALE)))

    def dot(self, x: float, y: float, fill: Any, r: float = 3.5, diamond: bool = False) -> None:
        r *= _SCALE
        if diamond:
            d = r * 1.3
            self.draw.polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)], fill=fill)
        else:
            self.draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)

    def rect(self, box: tuple[float, float, float, float], fill: Any) -> None:
        self.draw.rectangle(box, fill=fill)

    def png(self) -> bytes:
        from PIL import Image

        small = self.image.reduce(_SCALE)  # box filter: each pixel the mean of 2x2
        buf = io.BytesIO()
        small.quantize(64, method=Image.Quantize.FASTOCTREE).save(
            buf, format="PNG", dpi=(150, 150), compress_level=6
        )
        return buf.getvalue()


def _nice_ticks(lo: float, hi: float, count: int = 4, *, whole: bool = False) -> list[float]:
    """Round tick values covering ``lo``..``hi`` (steps of 1, 2, 2.5 or 5 times a power of 10;
    ``whole``: whole-number steps only, for counts)."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in steps if m * power >= raw)
    if whole:
        step = float(max(1, round(step)))
    first, last = math.floor(lo / step), math.ceil(hi / step)
    ticks = [round(k * step, 10) for k in range(first, last + 1)]
    return ticks


def _tick_label(value: float, percent: bool = False) -> str:
    text = format_plain(Decimal(str(round(value, 4))))
    return f"{text} %" if percent else text


def _panel(
    c: _Canvas,
    box: tuple[float, float, float, float],
    title: str,
    points: Sequence[tuple[int, Decimal]],
    target: tuple[int, Decimal] | None,
    *,
    targets: Sequence[tuple[int, Decimal]] = (),
    axis: Sequence[int] = (),
    label: Callable[[int], str] = str,
) -> None:
    """One indicator: realisasi by year as a line, the target as a red diamond (``targets``:
    several; ``axis``: the x positions shown even without a value; ``label``: their names)."""
    x0, y0, x1, y1 = box
    s = _px(1)
    c.text(((x0 + x1) / 2, y0), title, 8, anchor="ma")
    marks = [*targets, *([target] if target else [])]
    values = [float(v) for _, v in points] + [float(v) for _, v in marks]
    years = sorted({y for y, _ in points} | {y for y, _ in marks} | set(axis))
    if not values or not years:
        return
    ticks = _nice_ticks(min(values), max(values), 3)
    lo, hi = ticks[0], ticks[-1]
    label_w = max(c.text_width(_tick_label(t), 7) for t in ticks) + 4 * s
    left, right, top, bottom = x0 + label_w, x1 - _px(6), y0 + _px(15), y1 - _px(12)

    def px(year: int) -> float:
        if len(years) == 1:
            return (left + right) / 2
        span = (right - left) * 0.84
        return left + (right - left) * 0.08 + span * years.index(year) / (len(years) - 1)

    def py(value: float) -> float:
        return bottom - (bottom - top) * (value - lo) / ((hi - lo) or 1.0)

    for t in ticks:
        c.line([(left, py(t)), (right, py(t))], _GRID, 0.5)
        c.text((left - 3 * s, py(t)), _tick_label(t), 7, _GREY, anchor="rm")
    c.line([(left, bottom), (right, bottom)], _GREY, 0.6)
    for y in years:
        c.text((px(y), bottom + _px(2)), label(y), 7, _GREY, anchor="ma")
    line = [(px(y), py(float(v))) for y, v in points]
    if len(line) > 1:
        c.line(line, _INK, 2)
    for x, at in line:
        c.dot(x, at, _INK)
    for x_at, value in marks:
        c.dot(px(x_at), py(float(value)), _TARGET, 3.6, diamond=True)


def _legend(c: _Canvas, y: float, year: int, target_label: str = "") -> None:
    s = _px(1)
    items = [("Realisasi", _INK, False), (target_label or f"Target {year}", _TARGET, True)]
    widths = [c.text_width(label, 8) + 16 * s for label, _, _ in items]
    x = (c.w - sum(widths) - 12 * s) / 2
    for (label, colour, diamond), w in zip(items, widths, strict=True):
        c.dot(x + 4 * s, y, colour, 2.6, diamond=diamond)
        c.text((x + 10 * s, y), label, 8, anchor="lm")
        x += w + 12 * s


def _panel_grid(count: int) -> tuple[_Canvas, list[tuple[float, float, float, float]]]:
    """A canvas for ``count`` small panels (1, 2 or 3 to a row) and each panel's box."""
    cols = 1 if count == 1 else 2 if count <= 4 else 3
    rows = math.ceil(count / cols)
    panel_h_cm = 4.2 if cols == 1 else 3.4
    c = _Canvas(16.0, panel_h_cm * rows + 0.8)
    panel_w, panel_h, pad = c.w / cols, panel_h_cm * _PX_PER_CM * _SCALE, 8 * _SCALE
    boxes = []
    for n in range(count):
        row, col = divmod(n, cols)
        boxes.append((col * panel_w + pad, row * panel_h + pad, (col + 1) * panel_w - pad,
                      (row + 1) * panel_h - pad / 2))  # fmt: skip
    return c, boxes


def history_chart(inds: Sequence[Indicator], year: int, sasaran: str) -> Chart | None:
    """One small panel per indicator: realisasi of the earlier years and of ``year`` as a line,
    this year's target as a marked point. None when the sasaran has no indicator."""
    shown = list(inds)[:_MAX_PANELS]
    if not shown:
        return None
    c, boxes = _panel_grid(len(shown))
    words: list[str] = []
    for n, ind in enumerate(shown):
        points = sorted((y, v) for y, v in ind.history.items() if y < year)
        if ind.realisasi is not None:
            points.append((year, ind.realisasi))
        target = None if ind.target is None else (year, ind.target)
        box = boxes[n]
        title = f"{ind.code} ({ind.satuan})" if ind.satuan.strip() else ind.code
        _panel(c, box, title, points, target)
        u = ind.satuan
        history = "; ".join(f"{y}: {format_measure(v, u)}" for y, v in points) or "belum ada"
        aim = "" if ind.target is None else f"; target {year}: {format_measure(ind.target, u)}"
        words.append(f"{ind.code} {ind.name} ({ind.satuan}) realisasi {history}{aim}")
    _legend(c, c.h - 0.4 * _PX_PER_CM * _SCALE, year)
    alt = f"Grafik realisasi dan target indikator sasaran {sasaran}: " + ". ".join(words)
    if len(inds) > len(shown):
        alt += f". {len(inds) - len(shown)} indikator lain tidak digambar; lihat tabel"
    return Chart(c.png(), alt + ".", c.width_cm)


def serapan_chart(programs: Sequence[BudgetLine], total: BudgetSum, year: int) -> Chart | None:
    """Serapan (realisasi / pagu) of each programme as horizontal bars, with the total's."""
    lines: list[tuple[BudgetLine, Decimal]] = []
    for b in programs:
        share = serapan(b.pagu, b.realisasi)
        if share is not None:
            lines.append((b, share))
    if not lines:
        return None
    s = _px(1)
    bar_h = 0.55 * _PX_PER_CM * _SCALE
    c = _Canvas(16.0, 0.55 * len(lines) + 1.3)
    names = [_short(f"{b.code} {b.name}", 40) for b, _ in lines]
    label_w = max(c.text_width(n, 7) for n in names) + 6 * s
    left, right, top = label_w, c.w - 60 * s, 6 * s
    hi = max(110.0, max(float(v) for _, v in lines) * 1.05)
    ticks = _nice_ticks(0, hi, 5)

    def px(value: float) -> float:
        return left + (right - left) * value / ticks[-1]

    bottom = top + bar_h * len(lines)
    for t in ticks:
        c.line([(px(t), top), (px(t), bottom)], _GRID, 0.5)
        c.text((px(t), bottom + 3 * s), _tick_label(t, percent=True), 7, _GREY, anchor="ma")
    for n, ((_b, share), name) in enumerate(zip(lines, names, strict=True)):
        y = top + bar_h * n
        c.rect((left, y + bar_h * 0.2, px(float(share)), y + bar_h * 0.8), _INK)
        c.text((left - 4 * s, y + bar_h / 2), name, 7, anchor="rm")
        c.text((px(float(share)) + 3 * s, y + bar_h / 2), format_percent(share), 7, anchor="lm")
    if total.serapan is not None:
        x = px(float(total.serapan))
        c.line([(x, top), (x, bottom)], _GREY, 0.8)
    caption = f"Serapan anggaran {year}"
    if total.serapan is not None:
        caption += f" (garis abu-abu: seluruh program {format_percent(total.serapan)})"
    c.text(((left + right) / 2, bottom + 16 * s), caption, 8, anchor="ma")
    words = "; ".join(f"{b.code} {b.name}: {format_percent(v)}" for b, v in lines)
    alt = f"Grafik serapan anggaran per program tahun {year}: {words}"
    if total.serapan is not None:
        alt += f"; seluruh program {format_percent(total.serapan)}"
    return Chart(c.png(), alt + ".", 16.0)


def predikat_chart(counts: Sequence[tuple[str, int]], year: int) -> Chart | None:
    """How many indicators got each predikat, as vertical bars."""
    if not any(n for _, n in counts):
        return None
    s = _px(1)
    c = _Canvas(13.0, 5.5)
    ticks = _nice_ticks(0, max(n for _, n in counts) * 1.15, 4, whole=True)
    label_w = max(c.text_width(_tick_label(t), 7) for t in ticks) + 6 * s
    left, right, top, bottom = label_w + 14 * s, c.w - 6 * s, 10 * s, c.h - 24 * s

    def py(value: float) -> float:
        return bottom - (bottom - top) * value / ticks[-1]

    for t in ticks:
        c.line([(left, py(t)), (right, py(t))], _GRID, 0.5)
        c.text((left - 3 * s, py(t)), _tick_label(t), 7, _GREY, anchor="rm")
    slot = (right - left) / len(counts)
    for n, (label, count) in enumerate(counts):
        x = left + slot * (n + 0.5)
        c.rect((x - slot * 0.3, py(count), x + slot * 0.3, bottom), _INK)
        c.text((x, py(count) - 2 * s), str(count), 8, anchor="md")
        c.text((x, bottom + 2 * s), _wrap(c, label, slot * 0.95), 7, anchor="ma")
    c.line([(left, bottom), (right, bottom)], _GREY, 0.6)
    words = "; ".join(f"{label}: {n}" for label, n in counts)
    alt = f"Grafik sebaran predikat capaian indikator tahun {year}: {words}."
    return Chart(c.png(), alt, 13.0)


def _wrap(c: _Canvas, label: str, width: float) -> str:
    """The label on two lines (split at the space nearest its middle) when it is too wide."""
    words = label.split()
    if c.text_width(label, 7) <= width or len(words) < 2:
        return label
    cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(label) / 2))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def _short(name: str, width: int = 36) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def quarter_chart(
    inds: Sequence[Indicator],
    series: Sequence[tuple[Sequence[tuple[int, Decimal]], Sequence[tuple[int, Decimal]]]],
    quarter: int,
    sasaran: str,
) -> Chart | None:
    """One panel per indicator over TW I..IV: the realisasi to date of quarters I..``quarter``
    as a line, the targets to date as red diamonds. ``series`` holds per indicator its
    (realisasi, target) points by quarter, computed by the caller with the indicator's rules."""
    shown = list(zip(inds, series, strict=True))[:_MAX_PANELS]
    if not shown:
        return None
    c, boxes = _panel_grid(len(shown))
    words: list[str] = []
    for n, (ind, (points, targets)) in enumerate(shown):
        box = boxes[n]
        title = f"{ind.code} ({ind.satuan})" if ind.satuan.strip() else ind.code
        _panel(c, box, title, points, None, targets=targets, axis=(1, 2, 3, 4),
               label=quarter_label)  # fmt: skip
        said = "; ".join(f"{quarter_label(q)}: {format_value(v, ind)}" for q, v in points)
        said = said or "belum ada"
        words.append(f"{ind.code} {ind.name} ({ind.satuan}) realisasi s.d. triwulan {said}")
    _legend(c, c.h - 0.4 * _PX_PER_CM * _SCALE, 0, "Target s.d. triwulan")
    alt = f"Grafik triwulan I s.d. {quarter_label(quarter)} indikator sasaran {sasaran}: "
    alt += ". ".join(words)
    return Chart(c.png(), alt + ".", c.width_cm)
