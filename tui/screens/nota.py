"""Sending from the tunggakan screen: a bidang's data request or a reminder (a numbered Nota
Dinas written through ``usecases.requests.export_nota``, the same use case as ``lakip export
permintaan|pengingat``), and a changed deadline with its note (``set_deadline``).

Each dialog only asks; the tunggakan screen runs the use case in a worker (``run_store``) and
says in Indonesian what was recorded and which file was written.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from models.numbers import DateError, format_date, format_datetime, parse_date
from models.quarter_fill import quarter_label
from models.requests import Debt
from tui.screens.frames import Dialog, dialog_hint
from tui.text import safe
from usecases.requests import NotaResult, Tunggakan


class SendDialog(Dialog):
    """Confirm a request (with its deadline in working days) or a reminder to one bidang;
    ``quarter`` (1..4): the request asks that quarter's data too (a reminder: its request
    did). Returns ``{"days": int}`` for a request, ``{}`` for a reminder, None when
    cancelled."""

    AUTO_FOCUS = "#days"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "Kirim", id="nota.kirim"),
    ]

    def __init__(self, debt: Debt, owed: Tunggakan, reminder: bool, quarter: int = 0) -> None:
        super().__init__(id="send-dialog")
        self.debt = debt
        self.owed = owed
        self.reminder = reminder
        self.quarter = quarter

    def compose(self) -> ComposeResult:
        code = safe(self.debt.bidang.code)
        what = "pengingat" if self.reminder else "permintaan data"
        if self.quarter:
            what += f" {quarter_label(self.quarter)}"
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Kirim {what} ke bidang {code}", style="bold"), classes="dialog-title"
            )
            yield Static(Text(self._explain(), no_wrap=False))
            if not self.reminder:
                yield self.field(
                    "days", "Batas (hari kerja)", str(self.owed.days), type="integer", max_length=2
                )
            yield Static("", id="dialog-error", classes="error")
            yield Static("Enter: kirim  Esc: batal", classes="dialog-hint")

    def _explain(self) -> str:
        d, zone = self.debt, self.owed.zone
        if self.reminder:
            items = ", ".join(i.label for i in d.owed[:4]) + (", ..." if len(d.owed) > 4 else "")
            return safe(
                f"Nota Dinas Pengingat bernomor baru dari register surat, berisi {len(d.owed)} "
                f"data yang masih kurang ({items}); terlambat {d.days_late} hari kerja."
            )
        tw = quarter_label(self.quarter) if self.quarter else ""
        text = (
            f"Nota Dinas Permintaan Data Kinerja bernomor baru dari register surat, berisi "
            f"{len(d.asked)} data milik bidang ini"
            + (f" beserta nilai {tw}-nya" if tw else " (data tahunan)")
            + "; batas dihitung dari hari ini."
        )
        if d.request is not None:
            text += (
                f" Sudah dikirim {format_datetime(d.request.sent_at, zone)} "
                f"({d.request.number}); mengirim lagi memberi nomor dan batas baru."
            )
        return safe(text)

    def action_confirm(self) -> None:
        self.save()

    def save(self) -> None:
        if self.reminder:
            self.dismiss({})
            return
        raw = self.value("days")
        if not raw.isdigit() or not 1 <= int(raw) <= 60:
            self.refuse("Batas diisi 1 sampai 60 hari kerja.", "days")
            return
        self.dismiss({"days": int(raw)})


class DeadlineDialog(Dialog):
    """A bidang's new deadline and why. Returns ``{"deadline": date, "note": str}``."""

    AUTO_FOCUS = "#deadline"

    def __init__(self, debt: Debt) -> None:
        super().__init__(id="deadline-dialog")
        self.debt = debt

    def compose(self) -> ComposeResult:
        d = self.debt
        assert d.request is not None
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Ubah batas bidang {safe(d.bidang.code)}", style="bold"),
                classes="dialog-title",
            )
            yield Static(Text(f"Batas sekarang {format_date(d.request.deadline)}. Catatan wajib."))
            yield self.field("deadline", "Batas baru", d.request.deadline.strftime("%d-%m-%Y"))
            yield self.field("note", "Catatan (mengapa)", placeholder="wajib")
            yield Static("", id="dialog-error", classes="error")
            yield dialog_hint()

    def save(self) -> None:
        try:
            deadline: date = parse_date(self.value("deadline"))
        except DateError as exc:
            self.refuse(f"Batas baru: {exc}", "deadline")
            return
        note = self.value("note")
        if not note:
            self.refuse("Catatan wajib diisi: mengapa batasnya diubah?", "note")
            return
        answer: dict[str, Any] = {"deadline": deadline, "note": note}
        self.dismiss(answer)


def sent_text(result: NotaResult) -> str:
    """``Permintaan data dikirim ke bidang SD: Nota Dinas 400.3/0001, batas ...; berkas ...``."""
    sent = result.sent
    code = sent.bidang.code
    if sent.request.reminders and sent.request.reminders[-1].number == sent.letter.number:
        head = f"Pengingat dikirim ke bidang {code}: Nota Dinas {sent.letter.number}"
    else:
        head = (
            f"Permintaan data dikirim ke bidang {code}: Nota Dinas {sent.letter.number}, batas "
            f"{format_date(sent.request.deadline)}"
        )
    lines = [f"{head}.", f"Berkas ditulis: {result.path}"]
    if result.pdf_path is not None:
        lines.append(f"PDF: {result.pdf_path}")
    lines.extend(result.notes)
    return "\n".join(lines)
