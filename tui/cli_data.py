"""Command-line handlers of the performance data: ``lakip export form`` and ``lakip import``.

Called by ``tui.cli`` with the parsed arguments and a ``Context``; return the exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.cli_common import EXIT_OK, EXIT_REFUSED
from tui.text import safe

MAX_LISTED = 60


def cmd_export_form(args: argparse.Namespace, ctx: Any) -> int:
    from usecases.collection import export_forms

    out = Path(args.output).expanduser() if args.output else None
    if out is not None and out.suffix.lower() == ".xlsx":
        sys.stderr.write(
            "lakip: format data ditulis satu berkas per bidang; -o harus sebuah folder.\n"
        )
        return EXIT_REFUSED
    done = export_forms(
        ctx, year=args.year, bidang=args.bidang, out_dir=out, quarter=getattr(args, "tw", 0) or 0
    )
    for item in done:
        print(
            f"{item.bidang:<6} {item.indicators:>3} indikator, {item.budget_lines:>3} baris "
            f"anggaran -> {item.path}"
        )
        if item.renamed:
            print("       (nama berkas sudah dipakai; berkas lama tidak ditimpa, diberi nomor)")
    print(f"{len(done)} berkas format data dibuat.")
    return EXIT_OK


def import_lines(result: Any) -> list[str]:
    """The import report as plain lines (also used by the screens)."""
    lines: list[str] = []
    kinds = " dan ".join(result.kinds) or "tidak dikenal"
    lines.append(
        f"Berkas {result.path.name}: data {kinds}, {result.rows} baris, tahun {result.year}."
    )
    if result.problems:
        lines.append(f"{len(result.problems)} masalah:")
        for p in result.problems[:MAX_LISTED]:
            lines.append(f"  - {safe(p.text())}")
        if len(result.problems) > MAX_LISTED:
            lines.append(f"  ... dan {len(result.problems) - MAX_LISTED} masalah lain.")
    lines.extend(f"Peringatan: {safe(w)}" for w in result.warnings)
    if result.mismatches:
        lines.append(
            f"{len(result.mismatches)} nilai tertulis berbeda dari hitungan (dokumen memakai nilai "
            "hitungan):"
        )
        for m in result.mismatches[:MAX_LISTED]:
            lines.append(f"  - {safe(m.text())}")
        if len(result.mismatches) > MAX_LISTED:
            lines.append(f"  ... dan {len(result.mismatches) - MAX_LISTED} selisih lain.")
    verb = "akan berubah" if result.dry_run or not result.applied else "berubah"
    if result.changes:
        lines.append(f"{len(result.changes)} data {verb}:")
        for c in result.changes[:MAX_LISTED]:
            lines.append(f"  * {safe(c.text())}")
        if len(result.changes) > MAX_LISTED:
            lines.append(f"  ... dan {len(result.changes) - MAX_LISTED} lainnya.")
    if result.unchanged:
        lines.append(f"{result.unchanged} baris sama dengan data yang ada (tidak berubah).")
    lines.extend(safe(n) for n in result.notes)
    differs = bool(result.mismatches) and not result.mismatches_accepted
    if result.dry_run:
        lines.append("Uji coba (--dry-run): tidak ada yang disimpan.")
        if differs:
            lines.append(
                "Impor berkas ini ditolak karena selisih di atas, kecuali dengan --terima-selisih."
            )
    elif result.applied:
        if result.mismatches_accepted:
            lines.append("Selisih diterima (--terima-selisih) dan dicatat di jejak audit.")
        if result.skipped_rows:
            lines.append(f"{result.skipped_rows} baris bermasalah dilewati (--valid-only).")
        lines.append("Tersimpan.")
        if result.bidang_returned:
            lines.append(
                f"Bidang {result.bidang_returned} dicatat sudah menyerahkan data (langkah 4)."
            )
    else:
        lines.append("Tidak ada yang disimpan.")
        if result.problems:
            lines.append(
                "Perbaiki berkasnya lalu impor lagi, atau pakai --valid-only untuk mengambil "
                "baris yang valid saja."
            )
        if differs:
            lines.append(
                "Periksa angka serapan/sisa/capaian pada berkas, atau pakai --terima-selisih "
                "untuk menyimpan dengan nilai hitungan dan mencatat selisihnya."
            )
    return lines


def import_refused(result: Any) -> bool:
    """Whether the file would be (or was) refused: problems, or differences not accepted."""
    return bool(result.problems) or bool(result.mismatches and not result.mismatches_accepted)


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    from usecases.collection import import_file

    result = import_file(
        ctx,
        Path(args.file).expanduser(),
        year=args.year,
        valid_only=args.valid_only,
        dry_run=args.dry_run,
        accept_mismatches=args.terima_selisih,
    )
    ok = result.applied or (result.dry_run and not import_refused(result))
    out = sys.stdout if ok else sys.stderr
    out.write("\n".join(import_lines(result)) + "\n")
    if result.dry_run:
        return EXIT_REFUSED if import_refused(result) else EXIT_OK
    return EXIT_OK if result.applied else EXIT_REFUSED
