"""The lembar disposisi of steps 1 and 9 (PRODUCT.md section 4.4): a boxed half-page form filled
from the step's record (who disposed, to whom it went, the note, when)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from docx.shared import Mm, Pt

from exporters.docx_xml import (
    add_run,
    clean_text,
    set_cant_split,
    set_table_borders,
    set_table_layout_fixed,
)
from exporters.errors import ExportError
from exporters.letter_docx import add_kop
from exporters.styles import CENTER, Rendered, new_document, paragraph, text_width_mm, to_bytes
from models.domain import Outcome, StepPass, User, YearData, signer
from models.numbers import OfficeZone, format_date, format_datetime, to_local
from models.quality import OVERRIDE_BY, OVERRIDE_COUNT, OVERRIDE_REASON
from models.sop import Sop
from models.workflow import passes_of

__all__ = ["DISPOSITION_STEPS", "render_disposition"]

DISPOSITION_STEPS = (1, 9)


def _name(users: tuple[User, ...], account: str) -> str:
    for u in users:
        if u.account == account:
            return " ".join(clean_text(u.name).split()) or account
    return account or "-"


def _done_pass(data: YearData, step: int) -> StepPass:
    done = [p for p in passes_of(data.report, step) if p.outcome is Outcome.SELESAI]
    if not done:
        raise ExportError(
            f"Langkah {step} laporan tahun {data.report.year} belum dilaksanakan; lembar "
            f"disposisi langkah {step} baru dapat dibuat setelah langkah itu selesai."
        )
    return done[-1]


def _note(text: str) -> str:
    """The step's note as the disposition's content, without a leading "Disposisi:" that the
    form's own label already says."""
    words = " ".join(clean_text(text).split())
    return re.sub(r"^disposisi\s*:\s*", "", words, flags=re.IGNORECASE) or "-"


def _day(p: StepPass, zone: OfficeZone) -> str:
    moment = p.finished_at or p.started_at
    return format_date(to_local(moment, zone).date())


def render_disposition(
    data: YearData,
    step: int,
    sop: Sop,
    *,
    printed: date,
    audit_mark: tuple[int, str] | None = None,
) -> Rendered:
    """The disposition sheet of step 1 or 9. ``audit_mark``: the audit entry that recorded the
    step and its SHA-256 in the chain, printed so that a later rewrite of the history shows
    against the paper (``lakip log --rantai``)."""
    if step not in DISPOSITION_STEPS:
        raise ExportError(f"Lembar disposisi hanya untuk langkah 1 dan 9, bukan langkah {step}.")
    done = _done_pass(data, step)
    year = data.report.year
    p = data.profile
    notes: list[str] = []
    users = data.users
    step_def = sop.step(step)
    nxt = sop.step(step + 1) if step < sop.last else None
    document_ref = "-"
    if step == 1:
        sender = f"{step_def.role.label} ({_name(users, done.finished_by)})"
        basis = f"SOP {clean_text(sop.header.nomor)}" if sop.header.nomor else "-"
        letter_day = _day(done, p.timezone)
        subject = f"Penyusunan {p.report_title} Tahun {year}"
    else:
        before = [x for x in passes_of(data.report, step - 1) if x.outcome is Outcome.SELESAI]
        prev = before[-1] if before else None
        prev_role = sop.step(step - 1).role.label
        sender = prev_role + (f" ({_name(users, prev.finished_by)})" if prev else "")
        document = done.data.get("dokumen", "")
        digest = done.data.get("dokumen_sha256", "")
        basis = f"SOP {clean_text(sop.header.nomor)}" if sop.header.nomor else "-"
        if document:
            document_ref = clean_text(document).rsplit("/", 1)[-1]
            if digest:
                document_ref += f"\nSHA-256 {digest}"
        letter_day = _day(prev, p.timezone) if prev else "-"
        subject = f"Persetujuan dan penandatanganan Dokumen {p.report_abbr} Tahun {year}"
    if nxt is not None:
        holders = [_name(users, u.account) for u in users if u.role is nxt.role and u.active]
        forward = nxt.role.label + (f" ({', '.join(holders)})" if holders else "")
        forward += f"\nuntuk: {clean_text(nxt.title)}"
    else:
        forward = "-"
    doc = new_document(p)
    section = doc.sections[0]
    section.top_margin = Mm(12)
    width = text_width_mm(p)
    add_kop(doc, p, width, notes, compact=True)
    paragraph(doc, "LEMBAR DISPOSISI", align=CENTER, bold=True, size=13, space_after=4)
    table = doc.add_table(rows=0, cols=4)
    table.autofit = False
    set_table_borders(table, "single", 8)
    set_table_layout_fixed(table)
    widths = (width * 0.2, width * 0.3, width * 0.2, width * 0.3)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)

    def row(*cells: tuple[str, str], span: bool = False, height: int = 0) -> None:
        r = table.add_row()
        set_cant_split(r)
        for c, w in zip(r.cells, widths, strict=True):
            c.width = Mm(w)
        targets: list[Any]
        if span:
            targets = [r.cells[0].merge(r.cells[1]), r.cells[2].merge(r.cells[3])]
        else:
            targets = [r.cells[0], r.cells[1], r.cells[2], r.cells[3]]
        flat: list[str]
        if span:  # label on the first line (bold), the value under it
            flat = [f"{label}\n{value}" for label, value in cells]
        else:
            flat = [x for pair in cells for x in pair]
        for cell, text in zip(targets, flat, strict=False):
            para = cell.paragraphs[0]
            para.paragraph_format.space_after = Pt(0)
            lines = clean_text(text).split("\n")
            for k, line in enumerate(lines):
                target = para if k == 0 else cell.add_paragraph()
                target.paragraph_format.space_after = Pt(0)
                run = add_run(target, line, bold=k == 0 and span)
                run.font.size = Pt(10)
        if height:
            r.height = Mm(height)

    row(("Surat dari", sender), ("Diterima tanggal", _day(done, p.timezone)))
    row(("Nomor surat", "-"), ("Nomor agenda", "...................."))
    row(("Tanggal", letter_day), ("Sifat", "Biasa"))
    row(("Perihal", subject), ("Langkah SOP", f"{step}. {clean_text(step_def.title)}"))
    row(("Dasar:", basis), ("Dokumen:", document_ref), span=True)
    row(("Diteruskan kepada:", forward), ("Isi disposisi:", _note(done.note)), span=True, height=45)
    # The paraf is the role holder's own: an administrator acting for the role does not paraf in
    # their name (the note under the form says who acted and why).
    holder = signer(users, step_def.role).name if done.override_reason else ""
    signer_name = " ".join(clean_text(holder).split()) or _name(users, done.finished_by)
    row(
        ("Tanggal:", format_datetime(done.finished_at or done.started_at, p.timezone)),
        ("Paraf/nama:", f"\n\n{signer_name}\n{step_def.role.label}"),
        span=True,
        height=30,
    )
    if done.override_reason:
        paragraph(
            doc,
            f"Catatan: dilaksanakan oleh admin atas nama {step_def.role.label}: "
            f"{done.override_reason}",
            size=9,
        )
    if reason := done.data.get(OVERRIDE_REASON, ""):
        who = _name(users, done.data.get(OVERRIDE_BY, ""))
        count = done.data.get(OVERRIDE_COUNT, "?")
        paragraph(
            doc,
            f"Pemeriksaan mutu diabaikan: ditandatangani dengan {count} penghalang yang belum "
            f"diperbaiki, atas keputusan admin {who}. Alasan: {reason}",
            size=9,
            bold=True,
        )
    if audit_mark is not None:
        seq, digest = audit_mark
        paragraph(
            doc,
            f"Jejak audit: langkah {step} tercatat pada entri {seq}, SHA-256 {digest}. "
            f"Periksa kemudian dengan: lakip log --rantai {seq} {digest}",
            size=8,
        )
    paragraph(
        doc,
        f"Dicetak {format_date(printed)} dari catatan langkah {step} aplikasi LAKIP.",
        size=8,
        italic=True,
    )
    doc.core_properties.title = clean_text(
        f"Lembar Disposisi Langkah {step} {p.report_abbr} {year}"
    )
    return Rendered(to_bytes(doc), notes)
