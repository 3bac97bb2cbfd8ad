"""A step in detail: its SOP text, its passes and how long each took.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from models import workflow as wf
from models.domain import Outcome
from models.numbers import OfficeZone, format_datetime
from models.sop import StepDef
from tui.base import KeyBar, run_store
from tui.screens.actions import FORMAT_STEP
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


QUALITY_STEPS = (8, 9)  # the steps whose detail leads to the quality gate
PK_STEPS = (5, 6)  # analysis and document: measured against the Perjanjian Kinerja


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
    if number in PK_STEPS:
        out.append("\nPerjanjian Kinerja: ", style="bold")
        out.append("tekan k untuk versi PK (murni, perubahan), ekspor dan tanda tangannya.\n")
    if number in QUALITY_STEPS:
        out.append("\nPemeriksaan mutu: ", style="bold")
        if data.gate is not None:
            out.append(f"{data.gate.summary}; tekan v untuk daftar dan tempat memperbaikinya.\n")
        else:
            out.append("tekan v untuk penghalang dan peringatan sebelum tanda tangan.\n")
    if view.current:
        out.append("\nYang masih diperlukan sebelum selesai:\n", style="bold")
        if data.missing:
            for m in data.missing:
                m = m.replace("(lakip letter number)", "(tekan n)")  # the CLI's hint, on the board
                out.append(safe(f"  - {m}") + "\n")
        else:
            out.append("  (tidak ada; langkah ini dapat diselesaikan)\n")
        if data.refusal:
            out.append(safe(f"  Catatan: {data.refusal}") + "\n")
    if number == wf.LETTER_STEP:
        out.append("\nTekan n untuk memberi nomor surat pengantar dari register.\n")
    if number in (FORMAT_STEP, wf.REQUEST_STEP):
        out.append(
            "\nTekan x untuk membuat format data langkah 2 (satu berkas per bidang; tahunan "
            "atau triwulan TW I-IV).\n"
        )
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
        Binding("s", "complete", "Selesai", id="rincian.selesai"),
        Binding("r", "send_back", "Kembalikan", id="rincian.kembalikan"),
        Binding("n", "number_letter", "Beri nomor surat", id="rincian.nomor_surat"),
        Binding("x", "export_forms", "Format data", id="rincian.format"),
        Binding("g", "tunggakan", "Tunggakan", id="rincian.tunggakan"),
        Binding("v", "quality", "Pemeriksaan mutu", id="rincian.mutu"),
        Binding("k", "pk", "Perjanjian Kinerja", id="rincian.pk"),
        Binding("left,h", "other(-1)", "Sebelumnya", id="rincian.sebelumnya"),
        Binding("right,l", "other(1)", "Berikutnya", id="rincian.berikutnya"),
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
        if action == "quality":  # the cards of steps 8 and 9 (submitting, signing)
            return self.number in QUALITY_STEPS
        if action == "pk":  # the steps the SOP links to the SOP perjanjian kinerja
            return self.number in PK_STEPS
        if action == "number_letter":  # step 10's own action
            return self.number == wf.LETTER_STEP
        if action == "export_forms":  # the step-2 workbooks, sent out at step 3
            return self.number in (FORMAT_STEP, wf.REQUEST_STEP)
        if action in ("complete", "send_back"):  # as on the board, for the current step
            return True if not self.refusal(action) else None
        return True

    def refusal(self, action: str) -> str:
        """Why ``complete`` or ``send_back`` may not run here ("" when it may)."""
        data = self.data
        if action not in ("complete", "send_back"):
            return ""
        if data.current is None:
            return f"Laporan tahun {data.year} sudah selesai; tidak ada langkah berjalan."
        if self.number != data.current:
            return (
                f"Langkah {self.number} bukan langkah berjalan; laporan sekarang di langkah "
                f"{data.current} (tekan h/l untuk pindah)."
            )
        if action == "complete":
            return "" if data.may_complete else data.complete_refusal()
        return data.return_refusal() or ""

    def on_key(self, event: events.Key) -> None:
        """A dimmed key says why, as on the board."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        why = self.refusal(active.binding.action)
        if why:
            event.stop()
            event.prevent_default()
            self.notify(why, title="Tidak dapat dilakukan", severity="warning", markup=False)

    def _on_board(self, action: str) -> None:
        """Back to the board, which completes or returns the current step (its dialogs)."""
        app = self.app
        board = getattr(app, "board", None)  # the LakipApp's (not imported: no cycle)
        self.dismiss(None)
        if board is not None:
            app.call_later(board.run_or_explain, action)

    def action_complete(self) -> None:
        self._on_board("complete")

    def action_send_back(self) -> None:
        self._on_board("send_back")

    def action_number_letter(self) -> None:
        from tui.screens.actions import number_letter

        number_letter(self, self.ctx, self.data.year, lambda _lines: self._reload())

    def action_export_forms(self) -> None:
        from tui.screens.actions import export_forms

        export_forms(self, self.ctx, self.data.year)

    def _reload(self) -> None:
        from usecases.board import load_board

        def shown(data: BoardData) -> None:
            self.data = data
            self._show()
            self.refresh_bindings()

        run_store(self, lambda: load_board(self.ctx, self.data.year), shown, writes=False)

    def action_tunggakan(self) -> None:
        from tui.screens.tunggakan import TunggakanScreen

        self.app.push_screen(TunggakanScreen(self.ctx, self.data.year))

    def action_quality(self) -> None:
        from tui.screens.quality import QualityScreen

        self.app.push_screen(QualityScreen(self.ctx, self.data.year))

    def action_pk(self) -> None:
        from tui.screens.pk import PkScreen

        self.app.push_screen(PkScreen(self.ctx, self.data.year))

    def action_other(self, delta: int) -> None:
        target = self.number + delta
        if 1 <= target <= self.data.sop.last:
            self.number = target
            self._show()
            self.refresh_bindings()
