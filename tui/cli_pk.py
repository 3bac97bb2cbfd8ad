"""``lakip pk show|new|revise|export|sign``: the year's Perjanjian Kinerja and its versions.

Called by ``tui.cli`` with the parsed arguments; return the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from tui.cli_common import EXIT_OK, EXIT_REFUSED, Parser, add_options, context


def _date(text: str) -> date:
    from models.numbers import DateError, parse_date

    try:
        return parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def pk_arguments(s: Any) -> None:
    sub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    x = sub.add_parser("show", help="versi PK tahun ini: keadaan, tanggal, SHA-256, perubahan")
    add_options(x, "year", "json")
    x = sub.add_parser(
        "new", help="PK murni dari data sekarang (Kasubbag PK2AK, Sekretaris, admin)"
    )
    x.add_argument(
        "--kepala-daerah", metavar="NAMA", default="",
        help="nama Bupati/Wali Kota (Pihak Kedua); kosong: titik-titik untuk diisi tangan",
    )  # fmt: skip
    add_options(x, "year")
    x = sub.add_parser("revise", help="perubahan PK berikutnya dari data sekarang")
    x.add_argument("--alasan", required=True, metavar="TEKS", help="alasan perubahan")
    x.add_argument(
        "--berlaku", required=True, type=_date, metavar="TANGGAL",
        help="tanggal mulai berlaku, mis. 2026-07-01 atau 01-07-2026",
    )  # fmt: skip
    x.add_argument("--kepala-daerah", metavar="NAMA", default="", help="nama Bupati/Wali Kota")
    add_options(x, "year")
    x = sub.add_parser("export", help="dokumen PK (DOCX) satu versi")
    x.add_argument("--versi", type=int, metavar="N", help="0 = murni, 1.. = perubahan ke-N")
    x.add_argument(
        "-o", "--output", metavar="BERKAS",
        help="berkas .docx atau folder tujuan (bawaan: folder keluaran kantor)",
    )  # fmt: skip
    x.add_argument("--overwrite", action="store_true", help="boleh menimpa berkas yang sudah ada")
    x.add_argument("--pdf", action="store_true", help="buat juga PDF (perlu LibreOffice)")
    x.add_argument(
        "--bidang", metavar="KODE",
        help="PK eselon III: kepala bidang/sekretaris kepada Kepala Dinas (indikator dan "
        "kegiatan bidang itu)",
    )  # fmt: skip
    add_options(x, "year")
    x = sub.add_parser("sign", help="catat tanda tangan Kepala Dinas atas berkas PK yang diekspor")
    x.add_argument("--versi", type=int, metavar="N", help="bawaan: versi terbaru")
    x.add_argument(
        "--tanggal", type=_date, metavar="TANGGAL",
        help="tanggal penandatanganan (bawaan: hari ini)",
    )  # fmt: skip
    add_options(x, "year", "as_admin")


def cmd_pk(args: argparse.Namespace) -> int:
    from tui.text import safe

    ctx = context(args)
    action = args.action or "show"
    if action == "show":
        return _show(ctx, args)
    if action in ("new", "revise"):
        from usecases.pk import new_pk, revise_pk

        if action == "new":
            version = new_pk(ctx, args.year, kepala_daerah=args.kepala_daerah)
        else:
            version = revise_pk(
                ctx, alasan=args.alasan, berlaku=args.berlaku, year=args.year,
                kepala_daerah=args.kepala_daerah,
            )  # fmt: skip
        print(
            f"PK {version.label} tahun {version.year} dibuat dari data sekarang: "
            f"{len(version.indicators)} indikator, {len(version.programmes)} program."
        )
        print(f"Berikutnya: lakip pk export --versi {version.number}, lalu lakip pk sign.")
        return EXIT_OK
    if action == "export":
        from usecases.pk import export_pk

        result = export_pk(
            ctx, year=args.year, versi=args.versi,
            output=Path(args.output) if args.output else None, overwrite=args.overwrite,
            pdf=args.pdf, bidang=args.bidang,
        )  # fmt: skip
        print(f"Berkas dibuat: {safe(str(result.path))}")
        print(f"SHA-256      : {result.sha256}")
        if result.pdf_path is not None:
            print(f"PDF          : {safe(str(result.pdf_path))}")
        for note in result.notes:
            if note != result.pdf_error:
                print(f"Catatan: {safe(note)}")
        if result.pdf_error:
            sys.stderr.write(f"lakip: {safe(result.pdf_error)}\n")
            return EXIT_REFUSED
        return EXIT_OK
    from models.numbers import format_date
    from usecases.pk import sign_pk

    version = sign_pk(
        ctx, year=args.year, versi=args.versi, tanggal=args.tanggal, override_reason=args.as_admin
    )
    sig = version.signature
    assert sig is not None
    print(
        f"PK {version.label} tahun {version.year} ditandatangani {format_date(sig.signed_on)}."
    )
    print(f"Berkas : {safe(sig.path)}")
    print(f"SHA-256: {sig.sha256}")
    return EXIT_OK


def _show(ctx: Any, args: argparse.Namespace) -> int:
    from models.serial import to_data
    from tui.text import safe
    from usecases.pk import pk_view

    view = pk_view(ctx, args.year)
    if args.json:
        doc = {
            "tahun": view.year,
            "versi_berlaku": None if view.in_force is None else view.in_force.number,
            "versi": [
                {**to_data(v), "label": v.label, "berkas": view.file_states.get(v.number)}
                for v in view.versions
            ],
            "perubahan": [
                {"versi": v.number, "jenis": c.what, "kode": c.code, "nama": c.name,
                 "semula": c.before, "menjadi": c.after}
                for v, c in view.changes
            ],
        }  # fmt: skip
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    for line in view.lines():
        print(safe(line))
    return EXIT_OK
