"""``lakip bidang``: the tunggakan table (what each bidang still owes), the step-4 checklist
tick, a bidang's deadline, and ``lakip jadwal`` (the office's request deadline and due date)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from models.numbers import format_date, format_datetime, parse_date
from tui.cli_common import EXIT_OK, EXIT_USAGE, columns
from tui.text import fit_width, json_safe, safe
from usecases.reporting import Tunggakan


def tunggakan_lines(t: Tunggakan) -> list[str]:
    lines = [
        f"Tunggakan data bidang, laporan {t.year} (batas bawaan {t.days} hari kerja):",
    ]
    if not t.debts:
        lines.append("  (belum ada bidang; tambahkan di papan: tombol b, layar Bidang)")
        return lines
    lines.append(f"  {'KODE':<6} {'NAMA':<28} {'BATAS':<17} {'KURANG':<6} KEADAAN")
    for d in t.debts:  # 80 columns: the lateness on its own line
        batas = format_date(d.deadline) if d.deadline else "-"
        lines.append(
            f"  {safe(d.bidang.code):<6} {safe(d.bidang.name)[:28]:<28} {batas:<17} "
            f"{len(d.owed):>2}/{len(d.asked):<3} {d.state}"
        )
        if d.late:
            lines.append(f"         TERLAMBAT {d.days_late} hari kerja")
        if d.request:
            lines.append(
                f"         dikirim {format_datetime(d.request.sent_at, t.zone)}, "
                f"nomor {safe(d.request.number)}"
            )
        if d.request and d.request.deadline_note:
            lines.append(f"         batas diubah: {safe(d.request.deadline_note)}")
        if d.last_reminder is not None:
            lines.append(
                f"         pengingat terakhir {format_datetime(d.last_reminder.at, t.zone)} "
                f"({safe(d.last_reminder.number)})"
            )
        if d.request and d.owed:
            shown = ", ".join(safe(i.label) for i in d.owed[:4])
            more = f", dan {len(d.owed) - 4} lagi" if len(d.owed) > 4 else ""
            lines.append(f"         kurang: {shown}{more}")
    lines.append(t.summary())
    return lines


def tunggakan_json(t: Tunggakan) -> dict[str, Any]:
    return {
        "year": t.year,
        "batas_bawaan_hari": t.days,
        "lengkap": t.complete,
        "jumlah": len(t.debts),
        "bidang": [
            {
                "kode": d.bidang.code,
                "nama": d.bidang.name,
                "keadaan": d.state,
                "dikirim": d.request.sent_at.isoformat() if d.request else None,
                "nomor": d.request.number if d.request else None,
                "batas": d.deadline.isoformat() if d.deadline else None,
                "catatan_batas": d.request.deadline_note if d.request else "",
                "hari_terlambat": d.days_late,
                "diminta": len(d.asked),
                "kurang": [
                    {"jenis": i.kind, "kode": i.code, "nama": i.name, "kosong": list(i.empty)}
                    for i in d.owed
                ],
                "pengingat_terakhir": d.last_reminder.at.isoformat() if d.last_reminder else None,
            }
            for d in t.debts
        ],
    }


def cmd_bidang(args: argparse.Namespace, ctx: Any) -> int:
    from usecases.reporting import record_bidang_return
    from usecases.requests import set_deadline, tunggakan

    if args.action == "terima":
        record_bidang_return(ctx, bidang=args.code, note=args.note, year=args.year, undo=args.batal)
    elif args.action == "batas":
        new = set_deadline(
            ctx, bidang=args.code, deadline=parse_date(args.tanggal), note=args.note,
            year=args.year,
        )  # fmt: skip
        print(f"Batas bidang {safe(new.bidang)}: {format_date(new.deadline)}.")
    t = tunggakan(ctx, getattr(args, "year", None))
    if getattr(args, "json", False):
        print(json_safe(json.dumps(tunggakan_json(t), ensure_ascii=False, indent=2)))
    else:
        lines = tunggakan_lines(t)
        if os.environ.get("COLUMNS") or sys.stdout.isatty():  # as lakip status does
            lines = fit_width(lines, columns())
        print("\n".join(lines))
    return EXIT_OK


def cmd_jadwal(args: argparse.Namespace, ctx: Any) -> int:
    from usecases.requests import set_schedule

    due = parse_date(args.jatuh_tempo) if args.jatuh_tempo else None
    days, when = set_schedule(ctx, days=args.hari_data, due=due, year=args.year)
    print(f"Batas bawaan permintaan data bidang: {days} hari kerja")
    print(f"Jatuh tempo LAKIP: {format_date(when) if when else 'belum diatur (--jatuh-tempo)'}")
    return EXIT_OK


def cmd_export_nota(args: argparse.Namespace, ctx: Any) -> int:
    from pathlib import Path

    from usecases.requests import export_nota

    if not args.bidang:
        import sys

        print(f"lakip: export {args.kind} perlu --bidang KODE.", file=sys.stderr)
        return EXIT_USAGE
    result = export_nota(
        ctx, args.kind, bidang=args.bidang, year=args.year, days=args.hari,
        output=Path(args.output) if args.output else None, overwrite=args.overwrite, pdf=args.pdf,
        quarter=getattr(args, "tw", 0) or 0,
    )  # fmt: skip
    sent = result.sent
    what = "Pengingat" if args.kind == "pengingat" else "Permintaan Data Kinerja"
    print(f"Nota Dinas {what} ke {safe(sent.bidang.name)}: {safe(sent.letter.number)}")
    print(f"Berkas dibuat: {safe(str(result.path))}")
    if result.pdf_path is not None:
        print(f"PDF          : {safe(str(result.pdf_path))}")
    print(f"Batas        : {format_date(sent.request.deadline)}; {len(sent.items)} data tercantum")
    for note in result.notes:
        print(f"Catatan: {safe(note)}")
    return EXIT_OK
