"""Screens and dialogs reachable from the board: a step in detail, completing and returning a
step, messages, help (built from the live bindings), the audit trail, the SOP reference and the
year switch. User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from models import workflow as wf
from models.domain import AuditEntry, Outcome, StepPass
from models.errors import LakipError, error_text
from models.numbers import DateError, OfficeZone, format_date, format_datetime, parse_date
from models.sop import Sop
from models.worktime import elapsed
from tui.actions import FORMAT_STEP
from tui.base import (
    FIELD_KEYS,
    KeyBar,
    LakipScreen,
    data_watcher,
    in_indonesian,
    key_display,
    run_store,
)
from tui.text import safe
from usecases.context import Context
from usecases.reporting import calendar_of

if TYPE_CHECKING:
    from tui.board import BoardData

CLOSE_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Kembali", id="layar.kembali"),
    Binding("q", "close", "Kembali", show=False, id="layar.kembali_q"),
]


class _Closable(LakipScreen, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = CLOSE_BINDINGS

    def action_close(self) -> None:
        self.dismiss(None)


# -- a step in detail ---------------------------------------------------------------------------


def _when(dt: datetime | None, zone: OfficeZone) -> str:
    return format_datetime(dt, zone) if dt is not None else "-"


def pass_lines(
    ctx: Context, data: BoardData, number: int, passes: tuple[StepPass, ...]
) -> list[str]:
    step = data.sop.step(number)
    lines: list[str] = []
    for k, p in enumerate(passes, start=1):
        lines.append(
            f"{k}. Mulai   : {_when(p.started_at, data.zone)} "
            f"(diserahkan {data.name_of(p.started_by)})"
        )
        if p.finished_at is None:
            took = data.pos.elapsed
            lines.append("   Selesai : belum (sedang berjalan)")
        else:
            with ctx.store.read() as r:
                cal = calendar_of(r, p.started_at, p.finished_at)
            took = elapsed(cal, step.standard, p.started_at, p.finished_at)
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


def step_text(ctx: Context, data: BoardData, number: int) -> Text:
    step = data.sop.step(number)
    view = next(v for v in data.steps if v.step.number == number)
    out = Text()
    out.append(f"Langkah {number} dari {data.sop.last} - {step.role.label}\n", style="bold reverse")
    out.append(step.title + "\n\n", style="bold")
    rows = [
        ("Status", f"{view.state.marker} {view.state.label}"),
        ("Pelaksana", step.role.label),
        ("Kelengkapan", step.kelengkapan),
        ("Waktu standar", str(step.standard)),
    ]
    if view.current and data.pos.elapsed is not None:
        e = data.pos.elapsed
        late = "TERLAMBAT" if e.late else "tepat waktu"
        rows.append(("Waktu berjalan", f"{e.text}, {late} ({e.over_text})"))
    rows += [("Output", step.output), ("Keterkaitan", step.keterkaitan or "-")]
    if step.can_return:
        rows.append(("Pengembalian", "dapat mengembalikan laporan ke langkah sebelumnya"))
    for label, value in rows:
        out.append(f"{label:<15}: ", style="bold")
        out.append(value + "\n")
    data_line = data.data_line(number)
    if data_line and data.tunggakan is not None:
        out.append("\nData bidang: ", style="bold")
        out.append(f"{data_line}\n  " + safe(data.tunggakan.summary()) + "\n")
        out.append("  Tekan g untuk layar tunggakan (batas, kurang, pengingat per bidang).\n")
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
        out.append("\nTekan x untuk membuat format data langkah 2 (satu berkas per bidang).\n")
    out.append(f"\nRiwayat pengerjaan ({len(view.passes)} kali):\n", style="bold")
    if not view.passes:
        out.append("  belum pernah dikerjakan\n")
    for line in pass_lines(ctx, data, number, view.passes):
        out.append(safe(line) + "\n")
    return out


class StepDetailScreen(_Closable):
    """The SOP text of one step, its time against the standard, every pass, what it needs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("s", "complete", "Selesai", id="rincian.selesai"),
        Binding("r", "send_back", "Kembalikan", id="rincian.kembalikan"),
        Binding("n", "number_letter", "Beri nomor surat", id="rincian.nomor_surat"),
        Binding("x", "export_forms", "Format data", id="rincian.format"),
        Binding("g", "tunggakan", "Tunggakan", id="rincian.tunggakan"),
        Binding("left,h", "other(-1)", "Langkah sebelumnya", id="rincian.sebelumnya"),
        Binding("right,l", "other(1)", "Langkah berikutnya", id="rincian.berikutnya"),
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
        self.query_one("#detail", Static).update(step_text(self.ctx, self.data, self.number))
        self.query_one("#detail-scroll").scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tunggakan":  # only the cards of steps 3 and 4 lead to it
            return bool(self.data.data_line(self.number))
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
        from tui.board import LakipApp

        app = self.app
        self.dismiss(None)
        if isinstance(app, LakipApp) and app.board is not None:
            app.call_later(app.board.run_or_explain, action)

    def action_complete(self) -> None:
        self._on_board("complete")

    def action_send_back(self) -> None:
        self._on_board("send_back")

    def action_number_letter(self) -> None:
        from tui.actions import number_letter

        number_letter(self, self.ctx, self.data.year, lambda _lines: self._reload())

    def action_export_forms(self) -> None:
        from tui.actions import export_forms

        export_forms(self, self.ctx, self.data.year)

    def _reload(self) -> None:
        from tui.board import load_board

        def shown(data: BoardData) -> None:
            self.data = data
            self._show()
            self.refresh_bindings()

        run_store(self, lambda: load_board(self.ctx, self.data.year), shown, writes=False)

    def action_tunggakan(self) -> None:
        from tui.data_screens.tunggakan import TunggakanScreen

        self.app.push_screen(TunggakanScreen(self.ctx, self.data.year))

    def action_other(self, delta: int) -> None:
        target = self.number + delta
        if 1 <= target <= self.data.sop.last:
            self.number = target
            self._show()
            self.refresh_bindings()


# -- dialogs ------------------------------------------------------------------------------------


class _Dialog(LakipScreen, ModalScreen[dict[str, Any] | None]):
    """A small form: Enter moves to the next field and saves on the last; Esc cancels."""

    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal", id="dialog.batal"),
        *FIELD_KEYS,
    ]

    def field(self, fid: str, label: str, value: str = "", **kw: Any) -> Horizontal:
        return Horizontal(
            Label(Text(label), classes="field-label"),
            Input(value=value, id=fid, compact=True, **kw),
            classes="field",
        )

    def inputs(self) -> list[Input]:
        return list(self.query(Input))

    def value(self, fid: str) -> str:
        found = self.query(f"#{fid}")
        return found.first(Input).value.strip() if found else ""

    def on_mount(self) -> None:
        for i in self.inputs():
            i.cursor_blink = False

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        fields = self.inputs()
        if event.input in fields and event.input is not fields[-1]:
            fields[fields.index(event.input) + 1].focus()
            return
        self.save()

    def refuse(self, message: str, fid: str | None = None) -> None:
        self.query_one("#dialog-error", Static).update(Text(safe(message)))
        if fid:
            self.query_one(f"#{fid}", Input).focus()

    def save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)


def _hint() -> Static:
    return Static("Enter: lanjut/simpan  Tab: kolom lain  Esc: batal", classes="dialog-hint")


class CompleteDialog(_Dialog):
    """Complete the current step, with a note; extra fields where the step needs them."""

    def __init__(self, data: BoardData) -> None:
        super().__init__(id="complete-dialog")
        self.data = data
        assert data.pos.step is not None
        self.step = data.pos.step

    def compose(self) -> ComposeResult:
        data, step = self.data, self.step
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Selesaikan langkah {step.number}: {step.short}", style="bold"),
                classes="dialog-title",
            )
            if step.number < data.sop.last:
                nxt = data.sop.step(step.number + 1)
                info = f"Laporan diteruskan ke langkah {nxt.number} ({nxt.role.label})."
            else:
                info = "Ini langkah terakhir; laporan tahun ini tuntas."
            yield Static(Text(info))
            other = [m for m in data.missing if not m.startswith("bidang belum")]
            if other and step.number != wf.DELIVERY_STEP:
                yield Static(Text("Masih diperlukan: " + "; ".join(other)), classes="warning")
            yield self.field("note", "Catatan", placeholder="boleh kosong")
            if data.acting_for_other:
                yield self.field(
                    "override_reason",
                    f"Alasan atas nama {step.role.label}",
                    placeholder="wajib (admin)",
                )
            if step.number == wf.DATA_STEP and data.pending_bidang:
                yield Static(
                    Text("Bidang belum menyerahkan data: " + ", ".join(data.pending_bidang)),
                    classes="warning",
                )
                yield self.field("guard_override", "Alasan tetap selesai", placeholder="wajib")
            if step.number == wf.DELIVERY_STEP:
                yield self.field("tanggal_kirim", "Tanggal kirim", placeholder="mis. 28-11-2026")
                yield self.field("lokasi_arsip", "Lokasi arsip", placeholder="mis. lemari 2 rak B")
                yield self.field("unggah_esakip", "Unggah e-SAKIP", placeholder="bukti/tanggal")
            yield Static("", id="dialog-error", classes="error")
            yield _hint()

    def save(self) -> None:
        answer: dict[str, Any] = {"note": self.value("note")}
        if self.data.acting_for_other:
            reason = self.value("override_reason")
            if not reason:
                self.refuse(
                    f"Anda bukan {self.step.role.label}: sebagai admin, isi alasan bertindak "
                    "atas namanya.",
                    "override_reason",
                )
                return
            answer["override_reason"] = reason
        if self.step.number == wf.DATA_STEP and self.data.pending_bidang:
            why = self.value("guard_override")
            if not why:
                self.refuse(
                    "Masih ada bidang yang belum menyerahkan data: isi alasan tetap selesai, "
                    "atau Esc lalu catat penyerahannya di layar Bidang (b).",
                    "guard_override",
                )
                return
            answer["guard_override"] = why
        if self.step.number == wf.DELIVERY_STEP:
            fields = {}
            for fid, label in wf.DELIVERY_FIELDS.items():
                got = self.value(fid)
                if not got:
                    self.refuse(f"Isi {label}.", fid)
                    return
                fields[fid] = got
            try:
                fields["tanggal_kirim"] = format_date(parse_date(fields["tanggal_kirim"]))
            except DateError as exc:
                self.refuse(str(exc), "tanggal_kirim")
                return
            answer["data"] = fields
        self.dismiss(answer)


class ReturnDialog(_Dialog):
    """Send the report back to an earlier step; the target and a note are required."""

    AUTO_FOCUS = "#note"

    def __init__(self, data: BoardData) -> None:
        super().__init__(id="return-dialog")
        self.data = data
        assert data.pos.step is not None
        self.step = data.pos.step

    def default_target(self) -> int:
        # usually back to the step that made the document (6), or the one just before
        return 6 if self.step.number > 6 else max(1, self.step.number - 1)

    def compose(self) -> ComposeResult:
        step = self.step
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Kembalikan laporan dari langkah {step.number}: {step.short}", style="bold"),
                classes="dialog-title",
            )
            yield Static(Text(f"Tujuan: langkah 1 sampai {step.number - 1}. Catatan wajib."))
            yield self.field(
                "to", "Ke langkah", str(self.default_target()), type="integer", max_length=2
            )
            yield self.field("note", "Yang harus diperbaiki", placeholder="wajib")
            if self.data.acting_for_other:
                yield self.field(
                    "override_reason",
                    f"Alasan atas nama {step.role.label}",
                    placeholder="wajib (admin)",
                )
            yield Static("", id="dialog-error", classes="error")
            yield _hint()

    def save(self) -> None:
        raw = self.value("to")
        if not raw.isdigit() or not 1 <= int(raw) < self.step.number:
            self.refuse(
                f"Langkah tujuan harus 1 sampai {self.step.number - 1}.",
                "to",
            )
            return
        note = self.value("note")
        if not note:
            self.refuse("Catatan wajib diisi: apa yang harus diperbaiki?", "note")
            return
        answer: dict[str, Any] = {"to": int(raw), "note": note}
        if self.data.acting_for_other:
            reason = self.value("override_reason")
            if not reason:
                self.refuse(
                    "Sebagai admin, isi alasan bertindak atas nama pemegang langkah.",
                    "override_reason",
                )
                return
            answer["override_reason"] = reason
        self.dismiss(answer)


class MessageDialog(LakipScreen, ModalScreen[None]):
    """A message that must be read (a refused action, a lock held too long, a stale edit)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Tutup", id="pesan.tutup"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(id="message-dialog")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(Text(safe(self.message)), id="message")
            yield Static("Enter/Esc: tutup", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


# -- help ---------------------------------------------------------------------------------------

HELP_NOTES = (
    "Tanda status kartu: [v] Selesai  [>] Berjalan  [ ] Belum  [<] Dikembalikan.",
    "Kartu terpilih bertanda > n < di garis atasnya; * di judul kolom = pemegang langkah.",
    "Lompat langkah: 1-9 ke langkah 1-9, 0 ke langkah 10, - (minus) ke langkah 11.",
    "Tombol yang tidak dapat Anda pakai tampil redup; tekan untuk tahu sebabnya.",
    "Papan memperbarui diri sendiri bila orang lain mengubah data (dalam 1-2 detik).",
    "Palet perintah: ctrl+p atau : (titik dua), lalu ketik mis. 'langkah' atau 'data'.",
)


def help_rows(
    app: App[Any], active: Mapping[str, ActiveBinding]
) -> list[tuple[str, str, str, bool]]:
    """(category, keys, description, enabled) for each action of the live bindings, keys of the
    same action and description merged (e.g. ``← / h``)."""
    from tui.board import CATEGORIES

    rows: dict[tuple[str, str], list[Any]] = {}
    for binding_active in active.values():
        b = binding_active.binding
        if b.system or not b.description:
            continue
        prefix = (b.id or "lain").split(".")[0]
        category = CATEGORIES.get(prefix, "Layar ini")
        action = b.action.split("(")[0]
        key = (category, b.description if action == "jump" else f"{action}|{b.description}")
        display = key_display(app, b)
        if not display:
            continue
        if key in rows:
            shown = {part for d in rows[key][1] for part in d.split("/")}
            if display not in shown:  # "?" is already in "F1/?"
                rows[key][1].append(display)
            rows[key][3] = rows[key][3] or binding_active.enabled
        else:
            description = in_indonesian(b.description)
            rows[key] = [category, [display], description, binding_active.enabled]
    order = list(CATEGORIES.values())
    out = [
        (c, " / ".join(keys) if len(keys) < 4 else " ".join(keys), d, e)
        for c, keys, d, e in rows.values()
    ]
    out.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    return out


class HelpScreen(_Closable):
    """Every key of the screen it was opened from, from the live bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("f1", "close", "Tutup bantuan", show=False, id="bantuan.tutup"),
        Binding("question_mark", "close", "Tutup bantuan", show=False, id="bantuan.tutup_tanya"),
    ]

    def __init__(self, rows: list[tuple[str, str, str, bool]]) -> None:
        super().__init__(id="help")
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self.render_text(), id="help-text")
        yield KeyBar()

    def render_text(self) -> Text:
        out = Text()
        out.append("Bantuan: tombol papan LAKIP\n", style="bold reverse")
        category = ""
        for cat, keys, desc, enabled in self.rows:
            if cat != category:
                category = cat
                out.append(f"{cat}\n", style="bold")
            line = f"  {keys:<16} {desc}"
            out.append(
                line + ("" if enabled else "  (tidak tersedia bagi Anda sekarang)") + "\n",
                style="" if enabled else "dim",
            )
        out.append("\n")
        for note in HELP_NOTES:
            out.append(note + "\n")
        return out

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()


# -- audit trail --------------------------------------------------------------------------------


def _short_dt(dt: datetime, zone: OfficeZone) -> str:
    from models.numbers import to_local

    return to_local(dt, zone).strftime("%d-%m-%y %H.%M")


def audit_matches(entry: AuditEntry, words: list[str]) -> bool:
    hay = " ".join(
        [
            str(entry.seq),
            entry.account,
            entry.action,
            entry.action.replace(".", " "),
            entry.target,
            entry.note,
            str(entry.year or ""),
            *(f"{c.field} {c.before} {c.after}" for c in entry.changes),
        ]
    ).lower()
    return all(w in hay for w in words)


class AuditScreen(_Closable):
    """The audit trail of a year, filterable by step, person or action."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("slash", "filter", "Saring", key_display="/", id="audit.saring"),
    ]

    def __init__(self, ctx: Context, year: int | None) -> None:
        super().__init__(id="audit")
        self.ctx = ctx
        self.year = year
        self.entries: tuple[AuditEntry, ...] = ()
        self.zone: OfficeZone | None = None  # the office's, read with the trail

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Jejak audit laporan {self.year}", style="bold"), classes="title")
        yield Input(
            placeholder="Saring: langkah 7, nama akun, aksi (mis. dikembalikan) lalu Enter",
            id="audit-filter",
            compact=True,
        )
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-entry")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("No", "Waktu", "Akun", "Aksi", "Objek", "Catatan")
        filter_input = self.query_one(Input)
        filter_input.cursor_blink = False
        table.focus()
        self.load()
        data_watcher(self.app, self.ctx).changed.subscribe(self, self.load)

    def load(self, _token: int = 0) -> None:
        """Read the trail in a worker thread (again when the data file changed)."""
        from usecases.admin import audit

        def shown(found: tuple[tuple[AuditEntry, ...], OfficeZone]) -> None:
            self.entries, self.zone = found
            self.fill(self.query_one(Input).value)

        def failed(exc: LakipError) -> None:
            self.query_one("#audit-entry", Static).update(Text(error_text(exc)))

        run_store(
            self, lambda: (audit(self.ctx, self.year), self.ctx.zone()), shown, failed, writes=False
        )

    def fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        words = query.lower().split()
        shown = [e for e in self.entries if audit_matches(e, words)]
        zone = self.zone
        if zone is None:  # the trail could not be read
            return
        for e in reversed(shown):
            table.add_row(
                Text(str(e.seq)),
                Text(_short_dt(e.at, zone)),
                Text(safe(e.account)),
                Text(e.action),
                Text(safe(e.target)),
                Text(safe(e.note.replace("\n", " ")[:60])),
                key=str(e.seq),
            )
        if keep:
            table.move_cursor(row=keep)
        info = f"{len(shown)} dari {len(self.entries)} catatan"
        self.query_one("#audit-entry", Static).update(Text(info))

    @on(Input.Changed, "#audit-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#audit-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowHighlighted)
    def _row(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        seq = int(event.row_key.value)
        entry = next((e for e in self.entries if e.seq == seq), None)
        if entry is None or self.zone is None:
            return
        text = Text(
            safe(
                f"#{entry.seq} {format_datetime(entry.at, self.zone)} "
                f"{entry.account} {entry.action}"
            )
        )
        if entry.note:
            text.append(safe(f"\ncatatan: {entry.note}"))
        for c in entry.changes:
            text.append(safe(f"\n{c.field}: {c.before or '-'} -> {c.after or '-'}"))
        self.query_one("#audit-entry", Static).update(text)

    def action_filter(self) -> None:
        self.query_one(Input).focus()


# -- SOP reference ------------------------------------------------------------------------------


def sop_text(sop: Sop) -> Text:
    h = sop.header
    out = Text()
    out.append(f"SOP {h.nomor or '(nomor SOP kantor belum dicatat)'}\n", style="bold reverse")
    out.append(f"{h.judul}\n{h.instansi or '-'}\n", style="bold")
    out.append(
        f"Dibuat {h.tanggal_pembuatan}; revisi {h.tanggal_revisi}; disahkan "
        f"{h.tanggal_pengesahan} oleh {h.disahkan_oleh}\n"
    )
    for label, items in (
        ("Dasar hukum", h.dasar_hukum),
        ("Kualifikasi pelaksana", h.kualifikasi),
        ("Keterkaitan", h.keterkaitan),
        ("Peralatan/perlengkapan", h.peralatan),
        ("Peringatan", h.peringatan),
        ("Pencatatan dan pendataan", h.pencatatan),
    ):
        out.append(f"\n{label}\n", style="bold")
        for k, item in enumerate(items, start=1):
            out.append(f"  {k}. {item}\n")
        if not items:
            out.append("  -\n")
    out.append("\nUraian prosedur\n", style="bold")
    for s in sop.steps:
        back = " (dapat mengembalikan)" if s.can_return else ""
        out.append(f"{s.number:>2}. [{s.role.label}] ", style="bold")
        out.append(f"{s.title}{back}\n")
        out.append(
            f"    kelengkapan: {s.kelengkapan}; waktu: {s.standard}; output: {s.output}; "
            f"keterkaitan: {s.keterkaitan or '-'}\n"
        )
    return out


class SopScreen(_Closable):
    def __init__(self, sop: Sop, plan: tuple[str, ...] = ()) -> None:
        super().__init__(id="sop")
        self.sop = sop
        self.plan = plan  # the year's plan: each step's expected start and end

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="sop-scroll"):
            yield Static(sop_text(self.sop))
            if self.plan:
                plan = Text("\n" + self.plan[0] + "\n", style="bold")
                plan.append(safe("\n".join(self.plan[1:])))
                yield Static(plan, id="sop-plan")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#sop-scroll").focus()


# -- year switch --------------------------------------------------------------------------------


class YearScreen(LakipScreen, ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal", id="tahun.batal"),
    ]

    def __init__(self, years: tuple[int, ...], current: int, active: int | None = None) -> None:
        super().__init__(id="year-dialog")
        self.years = years
        self.current = current  # shown on the board now
        self.active = active  # the office's active year

    def label(self, year: int) -> str:
        marks = [
            m
            for m, on in (("aktif", year == self.active), ("ditampilkan", year == self.current))
            if on
        ]
        return f"{year}" + (f"  ({', '.join(marks)})" if marks else "")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog small"):
            yield Static(Text("Pilih tahun laporan", style="bold"), classes="dialog-title")
            yield OptionList(
                *(Option(self.label(y), id=str(y)) for y in sorted(self.years, reverse=True)),
                id="years",
            )
            yield Static("Enter: pilih  Esc: batal", classes="dialog-hint")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ordered = sorted(self.years, reverse=True)
        if self.current in ordered:
            ol.highlighted = ordered.index(self.current)
        ol.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
