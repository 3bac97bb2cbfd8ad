"""Plain-text renderings for the command line (no Rich, no Textual: ``lakip status`` stays fast).

User-entered text is printed as it is, with terminal control characters made visible so that a
pasted escape sequence cannot change the user's terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from models.domain import AuditEntry, User
from models.numbers import MONTHS, OfficeZone, format_date, format_datetime
from models.projection import AT_RISK, PlannedStep, Projection
from models.sop import Sop
from usecases.reporting import Position, Status

# C0 controls but tab and newline, DEL, and the C1 controls (U+009B is CSI on many terminals)
_CONTROLS = (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))
_CONTROL = {c: f"\\x{c:02x}" for c in _CONTROLS}
_JSON_CONTROL = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def json_safe(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with DEL and the C1 controls escaped as ``\\u009b``:
    ``json`` escapes only U+0000-U+001F, and U+009B is a terminal's CSI."""
    return text.translate(_JSON_CONTROL)


def safe(text: str) -> str:
    """Text with control characters (ESC, BEL, ...) shown as ``\\x1b`` instead of acted on."""
    return text.translate(_CONTROL)


def holder_text(pos: Position) -> str:
    if pos.step is None:
        return "-"
    people = ", ".join(safe(u.name or u.account) for u in pos.holders) or "belum ada pengguna"
    return f"{pos.step.role.label} ({people})"


def late_text(pos: Position) -> str:
    if pos.elapsed is None:
        return ""
    e = pos.elapsed
    return f"{e.text} dari standar {e.standard_text}; {e.verdict}"


def one_line(pos: Position, zone: OfficeZone) -> str:
    if pos.finished:
        return f"{pos.year}: selesai (11/11), dokumen terkirim dan diunggah"
    assert pos.step is not None and pos.since is not None
    late = " TERLAMBAT" if pos.elapsed and pos.elapsed.late else ""
    return (
        f"{pos.year}: langkah {pos.step.number}/11 {pos.step.short}, "
        f"{pos.step.role.label}, sejak {format_datetime(pos.since, zone)}{late}"
    )


def status_lines(st: Status) -> list[str]:
    pos = st.current
    you = safe(st.user.name) if st.user and st.user.name else "tidak terdaftar"
    role = st.user.role.label if st.user and st.user.role else "tanpa peran"
    lines = [
        f"LAKIP {pos.year} - {safe(st.office)}" + ("  [DATA CONTOH]" if st.demo else ""),
    ]
    if pos.finished:
        lines.append("Posisi : selesai, 11 dari 11 langkah")
    else:
        assert pos.step is not None and pos.since is not None
        lines.append(f"Posisi : langkah {pos.step.number}/11 - {pos.step.title}")
        if pos.returned_from:
            lines.append(
                f"         (dikembalikan dari langkah {pos.returned_from} untuk perbaikan)"
            )
        if pos.turn_of(st.user):
            lines.append(f"GILIRAN ANDA: langkah {pos.step.number} menunggu Anda.")
        lines.append(f"Pemegang: {holder_text(pos)}")
        lines.append(f"Sejak  : {format_datetime(pos.since, st.zone)}")
        lines.append(f"Waktu  : {late_text(pos)}")
        lines.extend(f"Catatan: {n.line(st.zone)}" for n in pos.notes)
    if pos.signature:
        sig = pos.signature
        lines.append(
            f"Ditandatangani: {format_datetime(sig.signed_at, st.zone)} "
            f"oleh {safe(sig.signed_by)}; "
            f"berkas {safe(sig.path)} (SHA-256 {sig.sha256[:16]}...)"
        )
    if pos.frozen:
        lines.append("Data   : dikunci (sudah ditandatangani)")
    if st.bidang_line:
        lines.append(st.bidang_line)
    if st.projection is not None:
        lines.append("Jadwal : " + projection_text(st.projection))
    if st.quarter_line:
        lines.append(st.quarter_line)
    lines.append(f"Anda   : {st.account} - {you}, {role}" + (" (admin)" if _admin(st) else ""))
    if st.warning:
        lines.append(f"PERHATIAN: {st.warning}")
    if st.read_only:
        lines.append("Catatan: berkas data hanya dapat dibaca oleh akun ini")
    if pos.year in st.archived:
        lines.append(f"Catatan: tahun {pos.year} diarsipkan; datanya hanya bisa dibaca")
    for other in st.others:
        lines.append("Lainnya: " + one_line(other, st.zone))
    closed = [y for y in st.archived if y != pos.year]
    if closed:
        lines.append(
            f"Arsip  : {', '.join(map(str, closed))} (hanya baca; lakip status --year TAHUN)"
        )
    return lines


def fit_width(lines: Sequence[str], width: int) -> list[str]:
    """Lines longer than ``width`` wrapped at spaces, the rest under the field's value (a
    status printed at 80 columns over SSH never runs past the edge)."""
    import textwrap

    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        label = line.find(": ")
        lead = len(line) - len(line.lstrip(" "))  # an indented line goes on indented
        indent = " " * (label + 2 if 0 < label < 14 else lead + 2)
        out.extend(textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False,
                                 break_on_hyphens=False))  # letter numbers stay whole
    return out


def projection_text(p: Projection) -> str:
    """``perkiraan selesai 4 Februari 2026; jatuh tempo 15 Februari 2026 (sisa 11 hari)``, with
    TERANCAM TERLAMBAT when the projection passes the due date."""
    text = f"perkiraan selesai {format_date(p.finish.date())}"
    if p.waits_for is not None:
        text += f" (menunggu data bidang sampai {format_date(p.waits_for)})"
    if p.due is not None and p.days_left is not None:
        left = f"sisa {p.days_left} hari" if p.days_left >= 0 else f"lewat {-p.days_left} hari"
        text += f"; jatuh tempo {format_date(p.due)} ({left})"
    if p.at_risk:
        text += f"; {AT_RISK}"
    return text


def plan_lines(steps: Sequence[PlannedStep], sop: Sop, zone: OfficeZone) -> list[str]:
    """The SOP plan: each step's expected start and end from the start of step 1."""
    lines = ["Rencana (dari mulainya langkah 1, menurut waktu standar dalam waktu kerja):"]
    for p in steps:
        lines.append(
            f"{p.number:>3}. {sop.step(p.number).short:<20} {format_datetime(p.start, zone)}"
            f" - {format_datetime(p.end, zone).removesuffix(' ' + zone.label)}"
        )
    return lines


def _short_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1][:3]}"


def projection_short(p: Projection) -> str:
    """The board header's form, short enough for 80 columns: ``jatuh tempo 13 Feb (sisa 3
    hari), perkiraan 23 Feb``; at risk it starts with TERANCAM TERLAMBAT. Empty without a due
    date."""
    if p.due is None or p.days_left is None:
        return ""
    finish = _short_date(p.finish.date())
    due = _short_date(p.due)
    if p.at_risk:
        return f"{AT_RISK}: perkiraan {finish}, jatuh tempo {due}"
    left = f"sisa {p.days_left} hari" if p.days_left >= 0 else f"lewat {-p.days_left} hari"
    return f"jatuh tempo {due} ({left}), perkiraan {finish}"


def _admin(st: Status) -> bool:
    return bool(st.user and st.user.is_admin)


def after_action(st: Status) -> str:
    pos = st.current
    if pos.finished:
        return f"Laporan tahun {pos.year} selesai: semua 11 langkah tuntas."
    assert pos.step is not None
    return (
        f"Laporan tahun {pos.year} sekarang di langkah {pos.step.number}/11 "
        f"({pos.step.short}), dipegang {holder_text(pos)}."
    )


def status_json(st: Status) -> dict[str, Any]:
    def pos_json(pos: Position) -> dict[str, Any]:
        return {
            "year": pos.year,
            "revision": pos.rev,
            "finished": pos.finished,
            "frozen": pos.frozen,
            "step": pos.step.number if pos.step else None,
            "title": pos.step.title if pos.step else None,
            "role": pos.step.role.value if pos.step else None,
            "role_label": pos.step.role.label if pos.step else None,
            "holders": [{"account": u.account, "name": u.name} for u in pos.holders],
            "since": pos.since.isoformat() if pos.since else None,
            "elapsed_minutes": pos.elapsed.minutes if pos.elapsed else None,
            "standard_minutes": pos.elapsed.standard_minutes if pos.elapsed else None,
            "elapsed": pos.elapsed.text if pos.elapsed else None,
            "standard": pos.elapsed.standard_text if pos.elapsed else None,
            "late": pos.elapsed.late if pos.elapsed else False,
            "returned_from": pos.returned_from,
            "notes": [
                {
                    "step": n.step,
                    "returned": n.returned,
                    "by": n.by,
                    "at": n.at.isoformat(),
                    "text": n.text,
                }
                for n in pos.notes
            ],
            "steps_done": pos.done_steps,
            "signed": None
            if pos.signature is None
            else {
                "path": pos.signature.path,
                "sha256": pos.signature.sha256,
                "at": pos.signature.signed_at.isoformat(),
                "by": pos.signature.signed_by,
            },
        }

    return {
        "office": st.office,
        "demo": st.demo,
        "account": st.account,
        "role": st.user.role.value if st.user and st.user.role else None,
        "current": pos_json(st.current),
        "others": [pos_json(p) for p in st.others],
        "archived": list(st.archived),
        "data_bidang": st.bidang_line or None,
        "triwulan": st.quarter_line or None,
        "perhatian": st.warning or None,
        "projection": None
        if st.projection is None
        else {
            "finish": st.projection.finish.isoformat(),
            "due": st.projection.due.isoformat() if st.projection.due else None,
            "days_left": st.projection.days_left,
            "at_risk": st.projection.at_risk,
            "waits_for": st.projection.waits_for.isoformat() if st.projection.waits_for else None,
        },
    }


def audit_lines(entries: tuple[AuditEntry, ...], zone: OfficeZone) -> list[str]:
    lines: list[str] = []
    for e in entries:
        year = f" [{e.year}]" if e.year else ""
        target = f" {safe(e.target)}" if e.target else ""
        lines.append(
            f"#{e.seq:<5} {format_datetime(e.at, zone)}  {safe(e.account)}  "
            f"{e.action}{year}{target}"
        )
        if e.note:
            lines.append(f"       catatan: {safe(e.note)}")
        for c in e.changes:
            lines.append(f"       {safe(c.line(': '))}")
    return lines


def user_lines(users: tuple[User, ...], width: int = 80) -> list[str]:
    """The users as a table within ``width`` columns: the account column as wide as the longest
    account (a longer one stands on a line of its own), the name last, wrapped, never cut."""
    import textwrap

    acct = min(max([4, *(len(safe(u.account)) for u in users)]), 16)
    lead = acct + 1 + 15 + 22  # account, role (Kasubbag PK2AK), NIP (21)
    lines = [f"{'AKUN':<{acct}} {'PERAN':<14} {'NIP':<21} NAMA"]
    for u in users:
        account = safe(u.account)
        role = u.role.label if u.role else "-"
        flags = (" [admin]" if u.is_admin else "") + ("" if u.active else " [nonaktif]")
        name = textwrap.wrap(
            (safe(u.name) or "-") + flags, max(20, width - lead), break_long_words=False
        )
        if len(account) > acct:
            lines.append(account)
            account = ""
        lines.append(f"{account:<{acct}} {role:<14} {safe(u.nip) or '-':<21} {name[0]}")
        lines.extend(" " * lead + more for more in name[1:])
    return lines


def sop_lines(sop: Sop) -> list[str]:
    h = sop.header
    lines = [
        f"SOP {h.nomor or '(nomor SOP kantor belum dicatat)'}: {h.judul}",
        f"{h.instansi or '-'}; disahkan {h.tanggal_pengesahan}",
        "",
    ]
    for s in sop.steps:
        back = " (dapat mengembalikan)" if s.can_return else ""
        lines.append(f"{s.number:>2}. [{s.role.label}] {s.title}{back}")
        lines.append(f"    kelengkapan: {s.kelengkapan}; waktu: {s.standard}; output: {s.output}")
    return lines
