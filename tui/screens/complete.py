"""Completing the current step: the note, and the reason when an administrator acts for
another role or passes a step without what it needs.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from models import workflow as wf
from models.numbers import DateError, format_date, parse_date
from tui.screens.frames import Dialog, dialog_hint

if TYPE_CHECKING:
    from usecases.board import BoardData


class CompleteDialog(Dialog):
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
            yield dialog_hint()

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
