"""``lakip paket`` (the office package) and ``lakip rekap`` (the regency's roll-up of a folder of
packages: text, XLSX, DOCX, or the read-only board with ``--tui``)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from tui.cli_common import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, add_options, context


def paket_arguments(s: Any) -> None:
    add_options(s, "year")
    s.add_argument(
        "-o", "--output", required=True, metavar="BERKAS",
        help="berkas paket .json (atau folder: nama bawaan Paket-LAKIP-TAHUN-SINGKATAN.json)",
    )  # fmt: skip
    s.add_argument("--overwrite", action="store_true", help="boleh menimpa berkas yang sudah ada")


def cmd_paket(args: argparse.Namespace) -> int:
    from tui.text import safe
    from usecases.paket import write_paket

    result = write_paket(
        context(args), Path(args.output), year=args.year, overwrite=args.overwrite
    )
    print(f"Paket LAKIP {result.year} dibuat: {safe(str(result.path))}")
    print(f"Checksum (SHA-256): {result.checksum}")
    return EXIT_OK


def rekap_arguments(s: Any) -> None:
    s.add_argument("folder", metavar="FOLDER", help="folder berisi paket kantor (*.json)")
    s.add_argument(
        "-o", "--output", metavar="BERKAS",
        help="tulis rekap ke .xlsx atau .docx (tanpa -o: ringkasan di layar)",
    )  # fmt: skip
    s.add_argument(
        "--jatuh-tempo", metavar="TANGGAL",
        help="tanggal jatuh tempo LAKIP dari pemda, mis. 31-03-2026 (untuk selisih hari kerja)",
    )  # fmt: skip
    s.add_argument("--overwrite", action="store_true", help="boleh menimpa berkas yang sudah ada")
    s.add_argument("--tui", action="store_true", help="buka papan rekap (hanya baca)")


def cmd_rekap(args: argparse.Namespace) -> int:
    from models.numbers import DateError, parse_date
    from models.rekap import rekap_text
    from tui.text import safe
    from usecases.rekap import load_rekap, write_rekap

    due = None
    if args.jatuh_tempo:
        try:
            due = parse_date(args.jatuh_tempo)
        except DateError as exc:
            sys.stderr.write(f"lakip: --jatuh-tempo: {exc}\n")
            return EXIT_USAGE
    rekap = load_rekap(Path(args.folder), due=due, as_of=date.today())
    for message in rekap.messages():
        sys.stderr.write(f"lakip: {safe(message)}\n")
    if args.tui:
        from tui.screens.rekap import run_rekap_board

        return int(run_rekap_board(rekap, plain=bool(args.plain)))
    if args.output:
        path = write_rekap(rekap, Path(args.output), overwrite=args.overwrite)
        print(
            f"Rekap dibuat: {safe(str(path))} ({len(rekap.packages)} paket dihitung, "
            f"{len(rekap.rejected)} tidak dihitung)"
        )
    else:
        for line in rekap_text(rekap, 80):
            print(safe(line))
    return EXIT_REFUSED if rekap.rejected else EXIT_OK
