"""A step in detail: its SOP text, its passes and how long each took.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.domain import Outcome
from models.numbers import OfficeZone, format_datetime
from models.sop import StepDef
from tui.base import KeyBar
from tui.screens.frames import CLOSE_BINDINGS, Closable
from tui.text import safe
from usecases.context import Context

if TYPE_CHECKING:
    from usecases.board import BoardData, StepView


def _when(dt: datetime | None, zone: OfficeZone) -> str:
    return format_datetime(dt, zone) if dt is not None else "-"


def pass_lines(data: BoardData, view: StepView) -> list[str]:
    lines: list[str] = []
    for k, (p, finished_took) in enumerate(zip(view.passes, view.took, strict=True), start=1):
        lines.append(
            f"{k}. Mulai   : {_when(p.started_at, data.zone)} "
            f"(diserahkan {data.name_of(p.started_by)})"
        )
        if p.finished_at is None:
            took = data.pos.elapsed
            lines.append("   Selesai : belum (sedang berjalan)")
        else:
            took = finished_took
            who = data.name_of(p.finished_by)
            lines.append(f"   Selesai : {_when(p.finished_at, data.zone)} oleh {who}")
            if p.outcome is Outcome.DIKEMBALIKAN:
                lines.append(f"   Hasil   : dikembalikan ke langkah {p.return_to}")
            else:
                lines.append("   Hasil   : selesai, diteruskan")
        if took is not None:
            mark = "TERLAMBAT" if took.late else "tepat waktu"
            lines.append(f"   Lama    : {took.text} dari standar {took.standard_text}, {mark}")
        if p.note:
            lines.append(f"   Catatan : {p.note}")
        if p.override_reason:
            lines.append(f"   Alasan admin: {p.override_reason}")
        if p.guard_override:
            lines.append(f"   Tanpa kelengkapan: {p.guard_override}")
        for key, value in sorted(p.data.items()):
            lines.append(f"   {key.replace('_', ' ')}: {value}")
    return lines


def _standard_text(step: StepDef, running: StepDef | None) -> str:
    """The SOP's standard; the running pass's too when it started under another one."""
    if running is None or running.standard == step.standard:
        return str(step.standard)
    return f"{step.standard} (yang sedang berjalan: {running.standard})"


def step_text(data: BoardData, number: int) -> Text:
    step = data.sop.step(number)
    view = next(v for v in data.steps if v.step.number == number)
    out = Text()
    out.append(f"Langkah {number} dari {data.sop.last} - {step.role.label}\n", style="bold reverse")
    out.append(step.title + "\n\n", style="bold")
    rows = [
        ("Status", f"{view.state.marker} {view.state.label}"),
        ("Pelaksana", step.role.label),
        ("Kelengkapan", step.kelengkapan),
        ("Waktu standar", _standard_text(step, data.pos.step if view.current else None)),
    ]
    if view.current and data.pos.elapsed is not None:
        e = data.pos.elapsed
        rows.append(("Waktu berjalan", f"{e.text}, {e.verdict}"))
    rows += [("Output", step.output), ("Keterkaitan", step.keterkaitan or "-")]
    if step.can_return:
        rows.append(("Pengembalian", "dapat mengembalikan laporan ke langkah sebelumnya"))
    for label, value in rows:
        out.append(f"{label:<15}: ", style="bold")
        out.append(value + "\n")
    if view.current and data.pos.notes:
        out.append("\nCatatan untuk langkah ini:\n", style="bold")
        for n in data.pos.notes:
            out.append(safe(f"  - {n.line(data.zone)}") + "\n")
    data_line = data.data_line(number)
    if data_line and data.tunggakan is not None:
        out.append("\nData bidang: ", style="bold")
        out.append(f"{data_line}\n  " + safe(data.tunggakan.summary()) + "\n")
        out.append("  Tekan g: tunggakan per bidang (kirim permintaan k, pengingat p, batas t).\n")
    if view.current:
        out.append("\nYang masih diperlukan sebelum selesai:\n", style="bold")
        if data.missing:
            for m in data.missing:
                out.append(safe(f"  - {m}") + "\n")
        else:
            out.append("  (tidak ada; langkah ini dapat diselesaikan)\n")
        if data.refusal:
            out.append(safe(f"  Catatan: {data.refusal}") + "\n")
    out.append(f"\nRiwayat pengerjaan ({len(view.passes)} kali):\n", style="bold")
    if not view.passes:
        out.append("  belum pernah dikerjakan\n")
    for line in pass_lines(data, view):
        out.append(safe(line) + "\n")
    return out


class StepDetailScreen(Closable):
    """The SOP text of one step, its time against the standard, every pass, what it needs."""
    HELP_TITLE = "rincian langkah"


    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("left,h", "other(-1)", "Langkah sebelumnya", id="rincian.sebelumnya"),
        Binding("right,l", "other(1)", "Langkah berikutnya", id="rincian.berikutnya"),
        Binding("g", "tunggakan", "Tunggakan", id="rincian.tunggakan"),
    ]

    def __init__(self, ctx: Context, data: BoardData, number: int) -> None:
        super().__init__(id="step-detail")
        self.ctx = ctx
        self.data = data
        self.number = number

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#detail-scroll").focus()

    def _show(self) -> None:
        self.query_one("#detail", Static).update(step_text(self.data, self.number))
        self.query_one("#detail-scroll").scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tunggakan":  # only the cards of steps 3 and 4 lead to it
            return bool(self.data.data_line(self.number))
        return True

    def action_tunggakan(self) -> None:
        from tui.screens.tunggakan import TunggakanScreen

        self.app.push_screen(TunggakanScreen(self.ctx, self.data.year))

    def action_other(self, delta: int) -> None:
        target = self.number + delta
        if 1 <= target <= self.data.sop.last:
            self.number = target
            self._show()
            self.refresh_bindings()
