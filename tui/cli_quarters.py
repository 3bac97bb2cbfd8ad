"""``lakip triwulan show|set|catatan|nomor`` and ``lakip manual-ik show|set``: the quarterly
monitoring against the Rencana Aksi and each indicator's definition (Manual IK).

Called by ``tui.cli`` with the parsed arguments; return the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from tui.cli_common import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Parser, add_options, context

_AGGREGATIONS = ("kumulatif", "nilai_akhir", "rata_rata", "rasio")


def _number(text: str) -> Decimal | None:
    """A number as Indonesians type it; ``-`` or empty clears the value."""
    from models.numbers import NumberError, parse_number

    if text.strip() in ("", "-"):
        return None
    try:
        return parse_number(text)
    except NumberError as exc:
        raise argparse.ArgumentTypeError(f"'{text}': {exc}") from None


def _quarter(text: str) -> int:
    if text.strip() not in ("1", "2", "3", "4"):
        raise argparse.ArgumentTypeError(f"triwulan '{text}' tidak ada; pilih 1, 2, 3 atau 4")
    return int(text)


def _value(parser: Any, flag: str, metavar: str, help: str) -> None:
    """A number option; left out, it is absent from the arguments (the stored value stays)."""
    parser.add_argument(flag, type=_number, metavar=metavar, help=help, default=argparse.SUPPRESS)


def triwulan_arguments(s: Any) -> None:
    sub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    x = sub.add_parser("show", help="capaian per indikator dan serapan anggaran s.d. triwulan")
    x.add_argument("--tw", type=_quarter, metavar="N", help="triwulan 1-4 (bawaan: berjalan)")
    add_options(x, "year", "json")
    x = sub.add_parser("set", help="isi target/realisasi triwulan satu indikator")
    x.add_argument("code", metavar="KODE", help="kode indikator")
    x.add_argument("--tw", type=_quarter, metavar="N", required=True, help="triwulan 1-4")
    _value(x, "--target", "X", "target triwulan ('-' mengosongkan)")
    _value(x, "--realisasi", "Y", "realisasi triwulan")
    _value(x, "--pembilang", "P", "indikator rasio: pembilang")
    _value(x, "--penyebut", "Q", "indikator rasio: penyebut")
    add_options(x, "year")
    x = sub.add_parser("anggaran", help="isi rencana/realisasi anggaran triwulan satu baris")
    x.add_argument("code", metavar="KODE", help="kode program/kegiatan/sub kegiatan")
    x.add_argument("--tw", type=_quarter, metavar="N", required=True, help="triwulan 1-4")
    _value(x, "--rencana", "RP", "rencana anggaran triwulan")
    _value(x, "--realisasi", "RP", "realisasi anggaran triwulan")
    add_options(x, "year")
    x = sub.add_parser("catatan", help="faktor pendorong/penghambat dan tindak lanjut sasaran")
    x.add_argument("code", metavar="KODE", help="kode sasaran")
    x.add_argument("--tw", type=_quarter, metavar="N", required=True, help="triwulan 1-4")
    x.add_argument("--pendorong", metavar="TEKS", help="faktor pendorong")
    x.add_argument("--penghambat", metavar="TEKS", help="faktor penghambat")
    x.add_argument("--tindak-lanjut", metavar="TEKS", help="tindak lanjut")
    add_options(x, "year")
    x = sub.add_parser("nomor", help="beri nomor laporan triwulan dari register saat dikirim")
    x.add_argument("--tw", type=_quarter, metavar="N", required=True, help="triwulan 1-4")
    add_options(x, "year")


def _pct(value: Decimal | None) -> str:
    from models.numbers import format_percent

    return "-" if value is None else format_percent(value)


def _num(value: Decimal | None, satuan: str = "%") -> str:
    """A target or realisasi as the documents print it (``models.numbers.format_measure``)."""
    from models.numbers import format_measure

    return format_measure(value, satuan)


def _show(args: argparse.Namespace) -> int:
    from models.quarters import quarter_label
    from tui.text import safe
    from usecases.quarters import quarter_view

    v = quarter_view(context(args), args.year, args.tw)
    tw = quarter_label(v.quarter)
    if args.json:
        print(json.dumps(_view_json(v), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Monitoring {tw} tahun {v.year}: terisi {v.fill.filled}/{v.fill.total}")
    if v.missing_quarters:
        missing = ", ".join(quarter_label(q) for q in v.missing_quarters)
        print(f"Data belum lengkap: {missing}")
    by_sasaran = {s.code: s for s in v.data.sasaran}
    for s in v.data.sasaran:
        print(f"\n{safe(s.code)} {safe(s.name)}")
        for row in (r for r in v.indicators if r.indicator.sasaran_code == s.code):
            i, f = row.indicator, row.figure
            cap = f.capaian
            print(
                f"  {safe(i.code):<8} {i.aggregation.label:<11} {tw}: T {_val(f.target, i)} "
                f"R {_val(f.realisasi, i)} | s.d. {tw}: T {_val(f.target_to_date, i)} "
                f"R {_val(f.realisasi_to_date, i)} capaian {_pct(cap.value)} {f.predikat}"
                + (f" ({cap.reason})" if cap.reason else "")
            )
            if row.year.mismatch:
                print(
                    f"           tahunan: diisi {_val(row.year.entered, i)}, dari triwulan "
                    f"{_val(row.year.derived, i)} (BERBEDA)"
                )
        note = v.note(by_sasaran[s.code])
        for label, text in (
            ("Pendorong", note.pendorong),
            ("Penghambat", note.penghambat),
            ("Tindak lanjut", note.tindak_lanjut),
        ):
            if text:
                print(f"  {label}: {safe(text)}")
    lines = [b for b in v.budget if b.line.pagu]
    if lines:
        print(f"\nAnggaran s.d. {tw}:")
        for b in lines:
            print(
                f"  {safe(b.line.code):<20} rencana {_rp(b.to_date.rencana)} realisasi "
                f"{_rp(b.to_date.realisasi)} serapan {_pct(b.to_date.serapan_pagu)} dari pagu"
            )
    return EXIT_OK


def _val(value: Decimal | None, ind: Any) -> str:
    from models.quarters import format_value

    return format_value(value, ind)


def _rp(value: Decimal | None) -> str:
    from models.numbers import format_rupiah

    return "-" if value is None else format_rupiah(value)


def _view_json(v: Any) -> dict[str, Any]:
    def s(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "tahun": v.year,
        "triwulan": v.quarter,
        "terisi": v.fill.filled,
        "jumlah": v.fill.total,
        "triwulan_belum_lengkap": list(v.missing_quarters),
        "indikator": [
            {
                "kode": r.indicator.code,
                "agregasi": r.indicator.aggregation.value,
                "target": s(r.figure.target),
                "realisasi": s(r.figure.realisasi),
                "target_sd": s(r.figure.target_to_date),
                "realisasi_sd": s(r.figure.realisasi_to_date),
                "capaian": s(r.figure.capaian.value),
                "capaian_triwulan_saja": s(r.figure.capaian_alone.value),
                "predikat_triwulan_saja": r.figure.predikat_alone,
                "rumus": r.figure.capaian.formula,
                "alasan": r.figure.capaian.reason or None,
                "predikat": r.figure.predikat,
                "tahunan_dari_triwulan": s(r.year.derived),
                "tahunan_diisi": s(r.year.entered),
                "tahunan_berbeda": r.year.mismatch,
                "triwulan_kosong": list(r.missing),
            }
            for r in v.indicators
        ],
        "anggaran": [
            {
                "kode": b.line.code,
                "rencana_sd": s(b.to_date.rencana),
                "realisasi_sd": s(b.to_date.realisasi),
                "serapan_pagu": s(b.to_date.serapan_pagu),
                "serapan_rencana": s(b.to_date.serapan_rencana),
            }
            for b in v.budget
        ],
    }


def _given(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The options the user gave (an option left out keeps the stored value)."""
    from usecases.quarters import KEEP

    return {n: getattr(args, n, KEEP) for n in names}


def cmd_triwulan(args: argparse.Namespace) -> int:
    from models.quarters import quarter_label
    from tui.text import safe

    action = args.action or "show"
    if action == "show":
        return _show(args)
    ctx = context(args)
    tw = quarter_label(args.tw) if getattr(args, "tw", None) else ""
    if action == "set":
        from usecases.quarters import save_quarter

        values = _given(args, "target", "realisasi", "pembilang", "penyebut")
        if all(v is _keep() for v in values.values()):
            sys.stderr.write(
                "lakip: isi paling sedikit satu dari --target, --realisasi, --pembilang, "
                "--penyebut.\n"
            )
            return EXIT_USAGE
        saved = save_quarter(ctx, args.year, args.code, args.tw, **values)
        from models.quarters import quarter_figure

        f = quarter_figure(saved, args.tw)
        print(
            f"Indikator {safe(saved.code)} {tw} tersimpan: s.d. {tw} target "
            f"{_val(f.target_to_date, saved)}, realisasi "
            f"{_val(f.realisasi_to_date, saved)}, capaian "
            f"{_pct(f.capaian.value)} ({f.capaian.formula}) {f.predikat}"
            + (f"; {f.capaian.reason}" if f.capaian.reason else "")
        )
        return EXIT_OK
    if action == "anggaran":
        from usecases.quarters import save_budget_quarter

        values = _given(args, "rencana", "realisasi")
        line = save_budget_quarter(ctx, args.year, args.code, args.tw, **values)
        print(f"Anggaran {safe(line.code)} {tw} tersimpan.")
        return EXIT_OK
    if action == "catatan":
        from dataclasses import replace

        from models.quarters import note_of
        from usecases.data import load
        from usecases.quarters import save_quarter_note

        view = load(ctx, args.year)
        sas = next((s for s in view.data.sasaran if s.code == args.code), None)
        if sas is None:
            sys.stderr.write(f"lakip: sasaran dengan kode '{args.code}' tidak ada.\n")
            return EXIT_REFUSED
        stored = note_of(sas.quarter_notes, args.tw)
        changes = {
            k: v
            for k, v in (
                ("pendorong", args.pendorong),
                ("penghambat", args.penghambat),
                ("tindak_lanjut", args.tindak_lanjut),
            )
            if v is not None
        }
        save_quarter_note(ctx, view.year, args.code, args.tw, replace(stored, **changes), stored)
        print(f"Catatan {tw} sasaran {safe(args.code)} tersimpan.")
        return EXIT_OK
    if action == "nomor":
        from usecases.quarters import number_quarter_report

        letter, created = number_quarter_report(ctx, args.year, args.tw)
        said = "Nomor" if created else "Sudah bernomor"
        print(f"{said} laporan monitoring {tw}: {safe(letter.number)}")
        print(f"Buat dokumennya: lakip export triwulan --tw {args.tw}")
        return EXIT_OK
    return EXIT_USAGE


def _keep() -> Any:
    from usecases.quarters import KEEP

    return KEEP


def manual_ik_arguments(s: Any) -> None:
    sub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    x = sub.add_parser("show", help="definisi indikator (Manual IK)")
    x.add_argument("code", nargs="?", metavar="KODE", help="kode indikator (bawaan: semua)")
    add_options(x, "year", "json")
    x = sub.add_parser("set", help="isi definisi indikator (yang tidak disebut tetap)")
    x.add_argument("code", metavar="KODE", help="kode indikator")
    x.add_argument("--definisi", metavar="TEKS")
    x.add_argument("--tujuan", metavar="TEKS")
    x.add_argument("--formula", metavar="TEKS", help="rumus dalam kata-kata")
    x.add_argument("--sumber-data", metavar="TEKS")
    x.add_argument("--bidang", metavar="KODE", help="bidang penanggung jawab")
    x.add_argument("--agregasi", choices=_AGGREGATIONS, help="cara nilai tahunan dari triwulan")
    x.add_argument("--polaritas", choices=("positif", "negatif"))
    x.add_argument(
        "--rumus-negatif",
        choices=("2t_minus_r", "t_over_r"),
        help="rumus capaian polaritas negatif",
    )
    x.add_argument("--pembilang", metavar="TEKS", help="rasio: yang dihitung pembilang")
    x.add_argument("--penyebut", metavar="TEKS", help="rasio: yang dihitung penyebut")
    x.add_argument("--pengali", type=_number, metavar="K", help="rasio: pengali (bawaan 100)")
    _value(x, "--batas-capaian", "PERSEN", "batas atas capaian ('-' tanpa batas)")
    add_options(x, "year")


def manual_ik_lines(i: Any, bidang_name: str = "") -> list[str]:
    """The definition of one indicator as lines ``Label: value`` (the Manual IK's rows)."""
    from models.numbers import format_plain
    from models.quarters import polarity_text

    rasio = ""
    if i.aggregation.value == "rasio":
        parts = (i.pembilang or "pembilang", i.penyebut or "penyebut", format_plain(i.rasio_factor))
        rasio = " ({} / {} x {})".format(*parts)
    return [
        f"Nama IK          : {i.code} {i.name}",
        f"Definisi         : {i.definisi or '-'}",
        f"Tujuan           : {i.tujuan or '-'}",
        f"Formula          : {i.formula_text or '-'}",
        f"Satuan           : {i.satuan or '-'}",
        f"Sumber data      : {i.data_source or '-'}",
        f"Penanggung jawab : {bidang_name or i.bidang or '-'}",
        f"Agregasi         : {i.aggregation.label}{rasio}: {i.aggregation.rule}",
        f"Polaritas        : {polarity_text(i)}",
        "Batas capaian    : "
        + ("tanpa batas" if i.capaian_cap is None else f"{_num(i.capaian_cap)} %"),
    ]


def cmd_manual_ik(args: argparse.Namespace) -> int:
    from tui.text import safe
    from usecases.data import load

    ctx = context(args)
    action = args.action or "show"
    if action == "set":
        from models.domain import Aggregation, NegativeFormula, Polarity
        from usecases.quarters import save_manual_ik

        mapping = {
            "definisi": ("definisi", str),
            "tujuan": ("tujuan", str),
            "formula": ("formula_text", str),
            "sumber_data": ("data_source", str),
            "bidang": ("bidang", str),
            "agregasi": ("aggregation", Aggregation),
            "polaritas": ("polarity", Polarity),
            "rumus_negatif": ("negative_formula", NegativeFormula),
            "pembilang": ("pembilang", str),
            "penyebut": ("penyebut", str),
            "pengali": ("rasio_factor", None),
        }
        values: dict[str, Any] = {}
        for option, (name, kind) in mapping.items():
            value = getattr(args, option)
            if value is not None:
                values[name] = kind(value) if kind is not None else value
        if hasattr(args, "batas_capaian"):
            values["capaian_cap"] = args.batas_capaian
        if not values:
            sys.stderr.write(
                "lakip: sebutkan isian yang diubah, mis. --definisi '...' --agregasi kumulatif.\n"
            )
            return EXIT_USAGE
        saved = save_manual_ik(ctx, args.year, args.code, **values)
        print(f"Manual IK {safe(saved.code)} tersimpan.")
        print("\n".join(safe(line) for line in manual_ik_lines(saved)))
        return EXIT_OK
    view = load(ctx, args.year)
    names = {b.code: b.name for b in view.data.bidang}
    inds = [i for i in view.data.indicators if args.code in (None, i.code)]
    if args.code and not inds:
        sys.stderr.write(f"lakip: indikator dengan kode '{args.code}' tidak ada.\n")
        return EXIT_REFUSED
    if args.json:
        from models.serial import to_data

        keys = (
            "code", "name", "satuan", "definisi", "tujuan", "formula_text", "data_source",
            "bidang", "aggregation", "polarity", "negative_formula", "capaian_cap", "pembilang",
            "penyebut", "rasio_factor",
        )  # fmt: skip
        print(json.dumps([{k: to_data(getattr(i, k)) for k in keys} for i in inds],
                         ensure_ascii=False, indent=2))  # fmt: skip
        return EXIT_OK
    for n, i in enumerate(inds):
        if n:
            print()
        print("\n".join(safe(line) for line in manual_ik_lines(i, names.get(i.bidang, ""))))
    return EXIT_OK
