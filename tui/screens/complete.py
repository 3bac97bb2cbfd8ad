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
            if step.number == wf.SIGN_STEP:
                yield from self._signing()
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
            if self._gate_blocks() and data.is_admin:
                yield self.field(
                    "quality_override", "Alasan abaikan pemeriksaan", placeholder="wajib (admin)"
                )
            if step.number == wf.DELIVERY_STEP:
                yield self.field("tanggal_kirim", "Tanggal kirim", placeholder="mis. 28-11-2026")
                yield self.field("lokasi_arsip", "Lokasi arsip", placeholder="mis. lemari 2 rak B")
                yield self.field("unggah_esakip", "Unggah e-SAKIP", placeholder="bukti/tanggal")
            yield Static("", id="dialog-error", classes="error")
            yield dialog_hint()

    def _gate_blocks(self) -> bool:
        gate = self.data.gate
        return self.step.number == wf.SIGN_STEP and gate is not None and bool(gate.blocking)

    def _signing(self) -> ComposeResult:
        """Step 9: the file being signed, its SHA-256, and the quality gate's result."""
        data = self.data
        sig = data.to_sign
        if sig is not None:
            name = sig.path.rsplit("/", 1)[-1]
            yield Static(Text(f"Berkas yang ditandatangani: {name}"), id="sign-file")
            yield Static(Text(f"SHA-256: {sig.sha256}"), id="sign-hash")
        gate = data.gate
        if gate is None:
            return
        line = f"Pemeriksaan mutu: {gate.summary} (daftar: v di papan)."
        if gate.blocking:
            line += (
                " Penghalang harus diperbaiki dulu; admin dapat tetap menandatangani dengan alasan."
                if data.is_admin
                else " Penghalang harus diperbaiki dulu (lakip periksa)."
            )
        yield Static(Text(line), id="sign-gate", classes="warning" if gate.blocking else "")

    def save(self) -> None:
        answer: dict[str, Any] = {"note": self.value("note"), "typed": self.typed()}
        if self._gate_blocks() and self.data.is_admin:
            why = self.value("quality_override")
            if not why:
                self.refuse(
                    "Pemeriksaan mutu menemukan penghalang: isi alasan menandatangani walau "
                    "begitu (dicatat di jejak audit dan lembar disposisi), atau Esc lalu "
                    "perbaiki penghalangnya.",
                    "quality_override",
                )
                return
            answer["quality_override"] = why
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
