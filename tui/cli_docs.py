"""``lakip export lakip|letter|disposition`` and ``lakip letter number|list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.cli_common import EXIT_OK, EXIT_REFUSED


def cmd_export(args: argparse.Namespace, ctx: Any) -> int:
    from tui.text import safe
    from usecases.exporting import export_document

    def progress(text: str) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"  {text}\n")

    result = export_document(
        ctx,
        args.kind,
        year=args.year,
        output=Path(args.output) if args.output else None,
        overwrite=args.overwrite,
        pdf=args.pdf,
        step=getattr(args, "tw", None) if args.kind == "triwulan" else getattr(args, "step", None),
        progress=progress,
        as_signed=bool(getattr(args, "signed", False)),
        pdf_without_toc=bool(getattr(args, "tanpa_daftar_isi", False)),
    )
    print(f"Berkas dibuat: {safe(str(result.path))}")
    print(f"SHA-256      : {result.sha256}")
    if result.pdf_path is not None:
        print(f"PDF          : {safe(str(result.pdf_path))}")
    for note in result.notes:
        if note != result.pdf_error:
            print(f"Catatan: {safe(note)}" if not note.startswith(" ") else safe(note))
    if result.pdf_error:  # the DOCX is made; the PDF asked for is not
        sys.stderr.write(f"lakip: {safe(result.pdf_error)}\n")
        return EXIT_REFUSED
    return EXIT_OK


def cmd_letter(args: argparse.Namespace, ctx: Any) -> int:
    from models.numbers import format_datetime
    from tui.text import safe
    from usecases.exporting import letters, number_letter_ex

    action = args.action or "list"
    if action == "number":
        letter, created = number_letter_ex(ctx, year=args.year, new=args.new)
        zone = ctx.zone()
        if created:
            print(f"Nomor surat pengantar: {safe(letter.number)}")
        else:
            print(
                f"Surat pengantar sudah bernomor: {safe(letter.number)} "
                f"(diberikan {format_datetime(letter.issued_at, zone)} "
                f"oleh {safe(letter.issued_by)}). "
                "Untuk surat baru pakai --new."
            )
        print(f"Buat dokumennya: lakip export letter --year {letter.report_year}")
        return EXIT_OK
    items = letters(ctx, args.year)
    if not items:
        print("Belum ada surat yang diberi nomor dari register.")
        return EXIT_OK
    zone = ctx.zone()
    for x in items:
        print(
            f"{safe(x.number):<36} laporan {x.report_year}  {format_datetime(x.issued_at, zone)}  "
            f"{safe(x.issued_by)}  {safe(x.purpose)}"
        )
    return EXIT_OK
