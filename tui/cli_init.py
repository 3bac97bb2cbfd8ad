"""``lakip init``: everything an office's papers need, asked one by one or given as options.

Run by the office's administrator (the account that then administers the store). Without a
terminal, or with ``--yes``, nothing is asked: a missing required value is reported with the
option that gives it, and the command exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tui.cli_common import EXIT_OK, EXIT_REFUSED, EXIT_USAGE

Reader = Callable[[str, "Question", dict[str, Any]], Any]


@dataclass(frozen=True)
class Question:
    key: str  # the argparse destination
    flag: str
    label: str  # the prompt
    example: str = ""
    required: bool = True


QUESTIONS = (
    Question("pemda", "--pemda", "Pemerintah daerah", "PEMERINTAH KOTA BOGOR"),
    Question("office", "--office", "Nama perangkat daerah", "DINAS PENDIDIKAN"),
    Question("short", "--short", "Singkatan perangkat daerah (untuk nomor surat)", "Disdik"),
    Question(
        "report_name",
        "--report-name",
        "Nama laporan (dicetak di sampul, kata pengantar, surat dan disposisi)",
        required=False,
    ),
    Question("report_short", "--report-short", "Singkatan nama laporan", required=False),
    Question("city", "--city", "Kota tempat surat ditandatangani", "Bogor"),
    Question("addressee", "--addressee", "Kepala daerah penerima surat", "Wali Kota Bogor"),
    Question("addressee_place", "--addressee-place", "Tempat penerima surat", required=False),
    Question("timezone", "--timezone", "Zona waktu kantor (WIB, WITA atau WIT)", "WIB"),
    Question("hours", "--hours", "Jam kerja", "07:30-16:00", required=False),
    Question(
        "letter_template",
        "--letter-template",
        "Templat nomor surat",
        required=False,
        example="{klasifikasi}/{urut:03d}/{singkatan}/{tahun}",
    ),
    Question("klasifikasi", "--klasifikasi", "Kode klasifikasi surat", "050", required=False),
    Question(
        "sop_number",
        "--sop-number",
        "Nomor SOP penyusunan LAKIP kantor (boleh kosong)",
        "004/SOP/Disdik/2024",
        required=False,
    ),
    Question("year", "--year", "Tahun anggaran laporan pertama", required=False),
    Question("name", "--name", "Nama Anda (admin)", required=False),
    Question(
        "role",
        "--role",
        "Peran Anda (kepala_dinas, sekretaris, kasubbag, staf, kosong)",
        required=False,
    ),
    Question("kadis", "--kadis", "Akun Unix Kepala Dinas", "kadis"),
    Question("kadis_name", "--kadis-name", "Nama lengkap Kepala Dinas (dengan gelar)"),
    Question("kadis_nip", "--kadis-nip", "NIP Kepala Dinas", "19700312 199503 1 004"),
    Question(
        "kadis_pangkat",
        "--kadis-pangkat",
        "Pangkat/golongan Kepala Dinas",
        "Pembina Utama Muda, IV/c",
        required=False,
    ),
)


def add_arguments(s: Any) -> None:
    for q in QUESTIONS:
        hint = ("; wajib" if q.required else "") + (f"; mis. {q.example}" if q.example else "")
        s.add_argument(q.flag, dest=q.key, metavar="NILAI", help=f"{q.label}{hint}")
    s.add_argument(
        "--kadis-belum-ada",
        action="store_true",
        help="akun Unix Kepala Dinas baru akan dibuat (jangan periksa ke sistem)",
    )
    s.add_argument("--yes", action="store_true", help="jangan bertanya; semua dari opsi")


def cmd_init(args: argparse.Namespace, ctx: Any) -> int:
    from models.domain import (
        DEFAULT_REPORT_NAME,
        DEFAULT_REPORT_SHORT,
        GENERIC_LETTER_TEMPLATE,
        letter_template_example,
    )
    from usecases.admin import has_data_file, init_store
    from usecases.reporting import UseCaseError

    if has_data_file(ctx):
        sys.stderr.write(f"lakip: berkas data sudah ada: {ctx.db_path}. Tidak ditimpa.\n")
        return EXIT_REFUSED
    defaults: dict[str, str] = {
        "report_name": DEFAULT_REPORT_NAME,
        "report_short": DEFAULT_REPORT_SHORT,
        "hours": "07:30-16:00",
        "letter_template": GENERIC_LETTER_TEMPLATE,
        "klasifikasi": "050",
        "year": str(ctx.clock().year - 1),
        "name": "",
        "role": "",
        "kadis_pangkat": "",
    }
    answers = {q.key: (getattr(args, q.key) or "").strip() for q in QUESTIONS}
    ask = not args.yes and sys.stdin.isatty()
    if ask:
        print(f"Membuat berkas data kantor: {ctx.db_path}")
        print(f"Anda ({ctx.account}) menjadi admin berkas ini. Enter memakai nilai dalam [ ].")
    else:
        missing = [q.flag for q in QUESTIONS if q.required and not answers[q.key]]
        if missing:
            sys.stderr.write(
                "lakip: tanpa tanya-jawab (--yes atau bukan terminal), nilai berikut wajib "
                "diberikan sebagai opsi: " + ", ".join(missing) + ". Lihat 'lakip init --help'.\n"
            )
            return EXIT_USAGE
    values: dict[str, Any] = {"kadis_belum_ada": args.kadis_belum_ada}
    for q in QUESTIONS:
        default = defaults.get(q.key, "")
        if q.key == "addressee_place":
            default = answers["city"] or str(values.get("city", ""))
        while True:
            got = answers[q.key]
            if ask and not got:
                shown = (
                    f" [{default}]" if default else (f" (mis. {q.example})" if q.example else "")
                )
                try:
                    got = input(f"{q.label}{shown}: ").strip()
                except EOFError:
                    sys.stderr.write("\nlakip: dibatalkan; berkas data tidak dibuat.\n")
                    return EXIT_REFUSED
            got = got or default
            try:
                read: Reader = _READERS.get(q.key, _text)
                values[q.key] = read(got, q, values)
                if ask and q.key == "letter_template":
                    print(f"  Contoh nomor surat pertama tahun 2026: {values['example']}")
                break
            except ValueError as exc:
                message = f"{q.label}: {exc}"
                if not ask:
                    sys.stderr.write(f"lakip: {message} (opsi {q.flag})\n")
                    return EXIT_USAGE
                print(f"  {message}")
                answers[q.key] = ""
    profile, kepala = _profile(values), _kepala(values)
    try:
        init_store(
            ctx, profile=profile, year=values["year"], name=values["name"], role=values["role"],
            kepala=kepala, kepala_belum_ada=args.kadis_belum_ada, sop_number=values["sop_number"],
        )  # fmt: skip
    except UseCaseError as exc:
        sys.stderr.write(f"lakip: {exc}\n")
        return EXIT_REFUSED
    print(f"Berkas data dibuat: {ctx.db_path}")
    print(f"Laporan tahun {values['year']} dimulai pada langkah 1; admin: {ctx.account}.")
    example = letter_template_example(
        values["letter_template"], values.get("short", ""), values["klasifikasi"]
    )  # with the klasifikasi given after the pattern
    print(f"Zona waktu {profile.timezone.value}; contoh nomor surat: {example}.")
    print(
        "Berikutnya: daftarkan pengguna lain dengan 'lakip users add AKUN --role PERAN --name "
        "... --nip ...'; ubah akun yang sudah terdaftar dengan 'lakip users set'."
    )
    return EXIT_OK


def _text(value: str, q: Question, values: dict[str, Any]) -> str:
    from models.text import TextError, checked

    if q.required and not value:
        raise ValueError("wajib diisi" + (f", misalnya {q.example}" if q.example else "") + ".")
    try:
        return checked(q.label, value, multiline=False)
    except TextError as exc:
        raise ValueError(str(exc)) from None


def _zone(value: str, q: Question, values: dict[str, Any]) -> Any:
    from models.numbers import OfficeZone

    return OfficeZone.parse(_text(value, q, values))


def _hours(value: str, q: Question, values: dict[str, Any]) -> tuple[str, str]:
    from models.worktime import OfficeHours

    parts = value.replace(" ", "").split("-")
    if len(parts) != 2:
        raise ValueError(f"'{value}' bukan jam kerja; tulis misalnya 07:30-16:00.")
    hours = OfficeHours.parse(parts[0], parts[1])
    return f"{hours.start:%H:%M}", f"{hours.end:%H:%M}"


def _template(value: str, q: Question, values: dict[str, Any]) -> str:
    from models.domain import letter_template_example

    text = _text(value, q, values)
    values["example"] = letter_template_example(text, values.get("short", ""))
    return text


def _year(value: str, q: Question, values: dict[str, Any]) -> int:
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise ValueError(f"'{value}' bukan tahun; tulis misalnya 2025.")
    return int(value)


def _account(value: str, q: Question, values: dict[str, Any]) -> str:
    from usecases.admin import system_account_exists

    account = _text(value, q, values)
    if not values["kadis_belum_ada"] and not system_account_exists(account):
        raise ValueError(
            f"akun Unix '{account}' tidak dikenal di komputer ini; periksa ejaannya, buat dulu "
            "akunnya, atau jika baru akan dibuat jalankan init dengan --kadis-belum-ada."
        )
    return account


def _role(value: str, q: Question, values: dict[str, Any]) -> Any:
    from models.sop import Role

    if not value or value in ("-", "kosong"):
        return None
    try:
        return Role(value)
    except ValueError:
        raise ValueError(
            f"peran '{value}' tidak dikenal; pilih: " + ", ".join(r.value for r in Role)
        ) from None


_READERS: dict[str, Reader] = {
    "timezone": _zone,
    "hours": _hours,
    "letter_template": _template,
    "year": _year,
    "role": _role,
    "kadis": _account,
}


def _profile(values: dict[str, Any]) -> Any:
    from models.domain import Profile

    return Profile(
        timezone=values["timezone"],
        pemda=values["pemda"],
        office=values["office"],
        office_short=values["short"],
        report_name=values["report_name"],
        report_short=values["report_short"],
        city=values["city"],
        addressee=values["addressee"],
        addressee_place=values["addressee_place"],
        letter_template=values["letter_template"],
        letter_klasifikasi=values["klasifikasi"],
        office_start=values["hours"][0],
        office_end=values["hours"][1],
    )


def _kepala(values: dict[str, Any]) -> Any:
    from models.domain import User
    from models.sop import Role

    return User(
        account=values["kadis"],
        name=values["kadis_name"],
        nip=values["kadis_nip"],
        pangkat=values["kadis_pangkat"],
        role=Role.KEPALA_DINAS,
    )
