"""The ``lakip`` command line. Imports nothing heavy at module level: ``lakip status`` must start
fast, and the Textual app is imported only by the commands that open it.

Every command is one row of ``COMMANDS``: its help, the function adding its arguments and the
function running it. ``main`` builds the parser of the named command alone (the others cost
start-up time); the whole parser only for the top-level help or an unknown word.

Exit codes: 0 done, 1 refused by a rule or the data (message on stderr), 2 wrong usage,
3 data file missing, corrupt, locked, read-only or not writable (disk full, permissions).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.cli_common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    Parser,
    add_options,
    add_role,
    columns,
    context,
)


class Command:
    """One ``lakip`` command: its one-line help, how its arguments are added to its parser, and
    what runs it (returning the exit code). A plain class: a dataclass costs ``lakip status``
    about a millisecond to create."""

    __slots__ = ("arguments", "description", "help", "run")

    def __init__(
        self,
        help: str,
        run: Callable[[argparse.Namespace], int],
        arguments: Callable[[Any], None] | None = None,
        description: str | None = None,
    ) -> None:
        self.help = help
        self.run = run
        self.arguments = arguments
        self.description = description


def command_of(raw: Sequence[str]) -> str | None:
    """The command named in ``raw`` (the first word that is not an option or the --db value).

    ``None`` when there is none or when the top-level help is asked for: then the whole parser
    is needed."""
    skip = False
    for item in raw:
        if skip:
            skip = False
        elif item == "--db":
            skip = True
        elif item in ("-h", "--help"):
            return None
        elif not item.startswith("-"):
            return item
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only``, the subparser of that command alone (faster)."""
    p = Parser(
        prog="lakip",
        description=("Papan kerja SOP penyusunan LAKIP. Tanpa perintah: buka papan layar penuh."),
        epilog="Berkas data: --db PATH, atau variabel LAKIP_DB, atau folder data pengguna.",
    )
    p.add_argument("--db", metavar="PATH", help="berkas data yang dipakai")
    p.add_argument("--plain", action="store_true", help="papan dengan garis polos (ASCII)")
    p.add_argument("--no-mouse", action="store_true", help="matikan tetikus di papan")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH", parser_class=Parser)
    for name, command in COMMANDS.items():
        if only is None or name == only:
            s = sub.add_parser(name, help=command.help, description=command.description)
            if command.arguments is not None:
                command.arguments(s)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    for item in raw:
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            shown = item.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            sys.stderr.write(
                f"lakip: argumen '{shown}' bukan teks UTF-8 yang sah. Atur terminal ke UTF-8 "
                "(mis. LANG=id_ID.UTF-8) lalu ketik ulang.\n"
            )
            return EXIT_USAGE
    cmd = command_of(raw)
    args = build_parser(cmd if cmd in COMMANDS else None).parse_args(raw)
    from store.errors import (
        CorruptFile,
        LockTimeout,
        NoAccess,
        NoDataFile,
        ReadOnlyFile,
        WriteFailed,
    )
    from usecases.context import SettingsError

    try:
        code = _dispatch(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # e.g. 'lakip log | head': the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except SettingsError as exc:
        sys.stderr.write(f"lakip: {_visible(str(exc))}\n")
        return EXIT_USAGE
    except NoDataFile:
        sys.stderr.write(f"lakip: {_visible(_missing_store(args))}\n")
        return EXIT_DATA
    except (CorruptFile, LockTimeout, ReadOnlyFile, WriteFailed, NoAccess) as exc:
        sys.stderr.write(f"lakip: {_visible(str(exc))}\n")
        if isinstance(exc, NoAccess):
            sys.stderr.write(_protected_hint(args))
        return EXIT_DATA
    except KeyboardInterrupt:
        sys.stderr.write("lakip: dibatalkan.\n")
        return EXIT_REFUSED
    except Exception as exc:  # the top-level crash handler: refusals are LakipError
        from models.errors import LakipError

        if not isinstance(exc, LakipError):
            where = _save_traceback()
            sys.stderr.write(
                f"lakip: kesalahan tak terduga ({exc.__class__.__name__}: {_visible(str(exc))}). "
                "Perubahan dari "
                f"perintah ini tidak tersimpan. Rincian untuk pengembang: {where}\n"
            )
            return EXIT_REFUSED
        sys.stderr.write(f"lakip: {_visible(str(exc))}\n")
        return EXIT_REFUSED


def _protected_hint(args: argparse.Namespace) -> str:
    """Where the office runs the protected mode, a data file opened directly (--db, LAKIP_DB)
    is closed to its members by design: say so, and how to reach it."""
    from usecases.context import SettingsError, open_context, system_settings

    try:
        settings = system_settings()
        ctx, _ = open_context(args.db)
    except SettingsError:
        return ""
    if settings is None or not settings.protected or ctx.remote is not None:
        return ""
    if settings.db is not None and ctx.db_path != settings.db:
        return ""  # another file than the office's
    return (
        f"lakip: kantor ini memakai mode terlindung ({settings.path}): berkas data hanya dibuka "
        "layanan lakip. Jalankan perintah tanpa --db atau LAKIP_DB.\n"
    )


def _visible(text: str) -> str:
    """A message that may quote user text (a name, a file name) with its terminal control
    characters made visible, so that an escape sequence in it cannot act on the terminal."""
    from tui.text import safe

    return safe(text)


def _save_traceback() -> str:
    """Write the current traceback to the user's cache folder; return where (or the text)."""
    import traceback

    text = traceback.format_exc()
    try:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("lakip", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"galat-{datetime.now():%Y%m%d-%H%M%S}.txt"
        path.write_text(text, encoding="utf-8")
        return str(path)
    except OSError:
        return text


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        return _open_board(context(args), args)
    return COMMANDS[args.command].run(args)


def _missing_store(args: argparse.Namespace) -> str:
    from usecases.context import missing_store_help, resolve_db

    return missing_store_help(*resolve_db(args.db), command=args.command or "")


def _open_board(ctx: Any, args: argparse.Namespace) -> int:
    from usecases.admin import has_data_file

    if not has_data_file(ctx):
        sys.stderr.write(f"lakip: {_visible(_missing_store(args))}\n")
        return EXIT_DATA
    from tui.app import run_board  # reads the file before the screen opens

    return run_board(ctx, plain=args.plain, mouse=not args.no_mouse)


# -- commands: each one's arguments, then what runs it -----------------------------------------


def _init_arguments(s: Any) -> None:
    from tui.cli_init import add_arguments

    add_arguments(s)


def _cmd_init(args: argparse.Namespace) -> int:
    from tui.cli_init import cmd_init

    return cmd_init(args, context(args))


def _demo_arguments(s: Any) -> None:
    s.add_argument("--no-tui", action="store_true", help="hanya buat data contoh")
    s.add_argument("--reset", action="store_true", help="buat ulang data contoh dari awal")


def _cmd_demo(args: argparse.Namespace) -> int:
    from usecases.context import Context, demo_db_path
    from usecases.demo import ensure_demo

    path = Path(args.db).expanduser() if args.db else demo_db_path()
    ctx = Context(db_path=path)
    created = ensure_demo(ctx, reset=args.reset)
    if created:
        print(f"Data contoh dibuat: {path}")
    else:
        print(f"Data contoh dipakai: {path} (buat ulang dengan 'lakip demo --reset')")
    if args.no_tui:
        print(f"Lihat posisinya: lakip --db {path} status")
        return EXIT_OK
    return _open_board(ctx, args)


def _year_json_arguments(s: Any) -> None:
    add_options(s, "year", "json")


def _cmd_status(args: argparse.Namespace) -> int:
    from tui.text import fit_width, json_safe, status_json, status_lines
    from usecases.reporting import status

    st = status(context(args), args.year)
    if args.json:
        print(json_safe(json.dumps(status_json(st), ensure_ascii=False, indent=2)))
    else:
        lines = status_lines(st)
        # wrapped for a person at a terminal (or a width asked with COLUMNS); a pipe or a
        # script gets whole lines
        if os.environ.get("COLUMNS") or sys.stdout.isatty():
            lines = fit_width(lines, columns())
        print("\n".join(lines))
    return EXIT_OK


def _advance_arguments(s: Any) -> None:
    s.add_argument("--note", metavar="TEKS", default="", help="catatan penyelesaian")
    add_options(s, "year", "as_admin")
    s.add_argument(
        "--force",
        metavar="CATATAN",
        default="",
        help="langkah 4: selesaikan walau ada bidang yang datanya belum lengkap",
    )
    s.add_argument(
        "--abaikan-pemeriksaan",
        metavar="ALASAN",
        default="",
        help="langkah 9 (admin): tandatangani walau pemeriksaan mutu menemukan penghalang; "
        "alasan dicatat di jejak audit dan lembar disposisi",
    )
    s.add_argument("--tanggal-kirim", default="", help="langkah 11: tanggal surat dikirim")
    s.add_argument("--lokasi-arsip", default="", help="langkah 11: lokasi arsip dokumen")
    s.add_argument(
        "--unggah-esakip",
        default="",
        help="langkah 11: bukti unggah e-review SAKIP (mis. nomor/tanggal unggah)",
    )


def _cmd_advance(args: argparse.Namespace) -> int:
    from tui.text import after_action
    from usecases.reporting import advance, status

    ctx = context(args)
    data = {
        "tanggal_kirim": args.tanggal_kirim,
        "lokasi_arsip": args.lokasi_arsip,
        "unggah_esakip": args.unggah_esakip,
    }
    if args.tanggal_kirim:
        from models.numbers import format_date, parse_date

        data["tanggal_kirim"] = format_date(parse_date(args.tanggal_kirim))
    report = advance(
        ctx,
        year=args.year,
        note=args.note,
        override_reason=args.as_admin,
        guard_override=args.force,
        quality_override=args.abaikan_pemeriksaan,
        data=data,
    )
    print(after_action(status(ctx, report.year)))
    return EXIT_OK


def _return_arguments(s: Any) -> None:
    s.add_argument("--to", type=int, metavar="N", required=True, help="langkah tujuan")
    s.add_argument("--note", metavar="TEKS", required=True, help="apa yang harus diperbaiki")
    add_options(s, "year", "as_admin")


def _cmd_return(args: argparse.Namespace) -> int:
    from tui.text import after_action
    from usecases.reporting import send_back, status

    ctx = context(args)
    report = send_back(
        ctx, to=args.to, note=args.note, year=args.year, override_reason=args.as_admin
    )
    print(after_action(status(ctx, report.year)))
    return EXIT_OK


def _reopen_arguments(s: Any) -> None:
    s.add_argument("--reason", metavar="ALASAN", required=True)
    add_options(s, "year")


def _cmd_reopen(args: argparse.Namespace) -> int:
    from usecases.reporting import reopen

    report = reopen(context(args), reason=args.reason, year=args.year)
    print(f"Laporan tahun {report.year} dibuka kembali; datanya dapat diubah.")
    return EXIT_OK


def _bidang_arguments(s: Any) -> None:
    add_options(s, "year", "json")
    bsub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    add_options(bsub.add_parser("list", help="tabel tunggakan data per bidang"), "year", "json")
    b = bsub.add_parser("terima", help="catat bahwa bidang sudah menyerahkan data")
    b.add_argument("code", metavar="KODE")
    b.add_argument("--note", metavar="TEKS", default="")
    add_options(b, "year", "json")
    b.add_argument("--batal", action="store_true", help="batalkan catatan penyerahan")
    b = bsub.add_parser("batas", help="ubah batas waktu satu bidang (dengan catatan)")
    b.add_argument("code", metavar="KODE")
    b.add_argument("tanggal", metavar="TANGGAL", help="batas baru, mis. 28-08-2026")
    b.add_argument("--note", metavar="TEKS", required=True, help="mengapa batasnya diubah")
    add_options(b, "year", "json")


def _cmd_bidang(args: argparse.Namespace) -> int:
    from tui.cli_bidang import cmd_bidang

    return cmd_bidang(args, context(args))


def _jadwal_arguments(s: Any) -> None:
    s.add_argument("--hari-data", type=int, metavar="N", help="batas bawaan, hari kerja (admin)")
    s.add_argument("--jatuh-tempo", metavar="TANGGAL", help="tanggal LAKIP jatuh tempo (admin)")
    add_options(s, "year")


def _cmd_jadwal(args: argparse.Namespace) -> int:
    from tui.cli_bidang import cmd_jadwal

    return cmd_jadwal(args, context(args))


def _log_arguments(s: Any) -> None:
    add_options(s, "year", "json")
    s.add_argument(
        "--rantai", nargs=2, metavar=("ENTRI", "SHA256"),
        help="cocokkan entri jejak audit dengan SHA-256 yang tercetak (mis. di paket kantor)",
    )  # fmt: skip


def _cmd_log(args: argparse.Namespace) -> int:
    from models.serial import to_data
    from tui.text import audit_lines, json_safe
    from usecases.admin import audit, check_printed_head
    from usecases.reporting import UseCaseError

    ctx = context(args)
    if args.rantai:
        seq, sha = args.rantai
        if not seq.isdigit():
            raise UseCaseError(f"Nomor entri '{seq}' bukan bilangan bulat.")
        print(check_printed_head(ctx, int(seq), sha))
        return EXIT_OK
    entries = audit(ctx, args.year)
    if args.json:
        print(json_safe(json.dumps([to_data(e) for e in entries], ensure_ascii=False, indent=2)))
    else:
        print("\n".join(audit_lines(entries, ctx.zone())) or "Jejak audit kosong.")
    return EXIT_OK


def _users_arguments(s: Any) -> None:
    usub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    usub.add_parser("list", help="daftar pengguna")
    for name, text in (("add", "tambah pengguna"), ("set", "ubah pengguna")):
        u = usub.add_parser(name, help=text)
        u.add_argument("account", metavar="AKUN", help="nama akun Unix")
        add_role(u, empty=True, help="peran pengguna ('': tanpa peran)")
        u.add_argument("--name", metavar="NAMA")
        u.add_argument("--nip")
        u.add_argument("--pangkat")
        u.add_argument("--jabatan")
        u.add_argument("--admin", dest="is_admin", action="store_true", default=None)
        u.add_argument("--no-admin", dest="is_admin", action="store_false")
        u.add_argument("--inactive", dest="active", action="store_false", default=None)
        u.add_argument("--active", dest="active", action="store_true")
        if name == "add":
            u.add_argument(
                "--belum-ada",
                action="store_true",
                help="akun Unix itu baru akan dibuat (jangan periksa ke sistem)",
            )
    u = usub.add_parser("remove", help="hapus pengguna")
    u.add_argument("account", metavar="AKUN", help="nama akun Unix")


def _cmd_users(args: argparse.Namespace) -> int:
    from usecases.admin import list_users, remove_user, save_user

    ctx = context(args)
    action = args.action or "list"
    if action in ("add", "set"):
        changes = {
            k: getattr(args, k)
            for k in ("role", "name", "nip", "pangkat", "jabatan", "is_admin", "active")
            if getattr(args, k) is not None
        }
        user = save_user(
            ctx,
            args.account,
            belum_ada=bool(getattr(args, "belum_ada", False)),
            new=action == "add",
            **changes,
        )
        print(f"Tersimpan: {user.account} ({user.role.label if user.role else 'tanpa peran'}).")
        return EXIT_OK
    if action == "remove":
        remove_user(ctx, args.account)
        print(f"Akun '{args.account}' dihapus dari daftar pengguna.")
        return EXIT_OK
    from tui.text import user_lines

    print("\n".join(user_lines(list_users(ctx))))
    return EXIT_OK


def _year_arguments(s: Any) -> None:
    ysub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    y = ysub.add_parser(
        "add", help="buat laporan tahun baru (admin); sasaran, indikator, anggaran disalin"
    )
    y.add_argument("year", type=int, metavar="TAHUN")
    y.add_argument(
        "--kosong",
        action="store_true",
        help="jangan salin sasaran, indikator, dan anggaran dari tahun sebelumnya",
    )
    y.add_argument(
        "--aktifkan",
        action="store_true",
        help="jadikan tahun ini tahun aktif untuk semua pengguna (bawaan: tahun aktif tetap)",
    )
    y = ysub.add_parser("use", help="jadikan tahun ini tahun aktif (admin)")
    y.add_argument("year", type=int, metavar="TAHUN")
    y = ysub.add_parser(
        "archive",
        help="pindahkan tahun yang sudah selesai ke berkas arsip hanya-baca (admin)",
    )
    y.add_argument("year", type=int, metavar="TAHUN")


def _cmd_year(args: argparse.Namespace) -> int:
    from usecases.admin import add_year, archive_year, current_year, set_current_year

    ctx = context(args)
    if args.action == "add":
        summary = add_year(ctx, args.year, copy=not args.kosong, make_current=args.aktifkan)
        if args.aktifkan:
            print(
                f"Laporan tahun {args.year} dibuat dan dijadikan tahun aktif untuk semua "
                f"pengguna ({summary})."
            )
        else:
            print(
                f"Laporan tahun {args.year} dibuat ({summary}); tahun aktif tetap "
                f"{current_year(ctx)}. Jadikan aktif untuk semua pengguna dengan 'lakip year use "
                f"{args.year}' (atau buat tahun dengan --aktifkan)."
            )
    elif args.action == "use":
        set_current_year(ctx, args.year)
        print(f"Tahun aktif: {args.year}.")
    elif args.action == "archive":
        path = archive_year(ctx, args.year)
        print(
            f"Tahun {args.year} diarsipkan ke {path} (hanya baca). Datanya tetap terbaca di "
            "status, ekspor, jejak audit dan tahun berikutnya."
        )
    else:
        sys.stderr.write(
            "lakip: pilih 'year add TAHUN', 'year use TAHUN' atau 'year archive TAHUN'.\n"
        )
        return EXIT_USAGE
    return EXIT_OK


def _sop_arguments(s: Any) -> None:
    ssub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    ssub.add_parser("show", help="tampilkan SOP")
    x = ssub.add_parser("set", help="ubah peran atau waktu standar satu langkah")
    x.add_argument("step", type=int, metavar="LANGKAH", help="nomor langkah, 1 sampai 11")
    add_role(x, help="peran baru pemegang langkah ini")
    x.add_argument("--waktu", help="mis. '3 hari', '2 jam', '15 menit'")


def _cmd_sop(args: argparse.Namespace) -> int:
    from tui.text import sop_lines
    from usecases.admin import set_step
    from usecases.reporting import sop_view

    ctx = context(args)
    if args.action == "set":
        if not args.role and not args.waktu:
            sys.stderr.write("lakip: sebutkan --role atau --waktu.\n")
            return EXIT_USAGE
        set_step(ctx, args.step, role=args.role, waktu=args.waktu)
    view = sop_view(ctx)
    print("\n".join(sop_lines(view.sop)))
    if view.has_report:
        from tui.text import plan_lines
        from usecases.reporting import sop_plan

        print()
        print("\n".join(plan_lines(sop_plan(ctx), view.sop, view.zone)))
    return EXIT_OK


def _export_arguments(s: Any) -> None:
    s.add_argument(
        "kind",
        metavar="JENIS",
        choices=[
            "lakip", "letter", "disposition", "form", "permintaan", "pengingat", "triwulan",
            "manual-ik",
        ],
        help="lakip | letter (surat pengantar) | disposition | form (format langkah 2) | "
        "permintaan / pengingat (nota dinas ke satu bidang, --bidang KODE) | triwulan "
        "(laporan monitoring, --tw N) | manual-ik (definisi indikator, DOCX dan XLSX)",
    )  # fmt: skip
    s.add_argument(
        "--tw",
        type=int,
        choices=[1, 2, 3, 4],
        metavar="N",
        help="triwulan: triwulan 1-4; form, permintaan: data triwulan ini juga",
    )
    add_options(s, "year")
    s.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="berkas atau folder tujuan (bawaan: folder keluaran kantor)",
    )
    s.add_argument("--pdf", action="store_true", help="buat juga PDF (perlu LibreOffice)")
    s.add_argument(
        "--tanpa-daftar-isi",
        action="store_true",
        help="lakip --pdf: buat PDF walau Daftar Isi tak dapat diberi nomor halaman",
    )
    s.add_argument("--overwrite", action="store_true", help="boleh menimpa berkas yang sudah ada")
    s.add_argument(
        "--step",
        type=int,
        choices=[1, 9],
        default=None,
        help="disposition: lembar langkah 1 atau 9 (bawaan: yang terakhir)",
    )
    s.add_argument(
        "--bidang", metavar="KODE", help="form: hanya bidang ini; permintaan, pengingat: bidangnya"
    )
    s.add_argument(
        "--hari", type=int, metavar="N", help="permintaan: batas N hari kerja (bawaan kantor)"
    )
    s.add_argument(
        "--signed",
        action="store_true",
        help="lakip: buat ulang versi yang ditandatangani (langkah 9) dan cocokkan SHA-256-nya",
    )


def _cmd_export(args: argparse.Namespace) -> int:
    if args.kind in ("permintaan", "pengingat"):
        from tui.cli_bidang import cmd_export_nota

        return cmd_export_nota(args, context(args))
    if args.kind == "form":
        from tui.cli_data import cmd_export_form

        return cmd_export_form(args, context(args))
    from tui.cli_docs import cmd_export

    return cmd_export(args, context(args))


def _letter_arguments(s: Any) -> None:
    lsub = s.add_subparsers(dest="action", metavar="AKSI", parser_class=Parser)
    x = lsub.add_parser("number", help="beri nomor surat pengantar dari register")
    add_options(x, "year")
    x.add_argument(
        "--new",
        action="store_true",
        help="surat baru (mis. pengiriman ulang) dengan nomor berikutnya",
    )
    add_options(lsub.add_parser("list", help="daftar nomor surat yang sudah dikeluarkan"), "year")


def _cmd_letter(args: argparse.Namespace) -> int:
    from tui.cli_docs import cmd_letter

    return cmd_letter(args, context(args))


def _import_arguments(s: Any) -> None:
    s.add_argument("file", metavar="BERKAS", help="berkas .xlsx atau .csv")
    add_options(s, "year")
    s.add_argument(
        "--valid-only",
        action="store_true",
        help="ambil baris yang valid saja, lewati baris yang bermasalah",
    )
    s.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    s.add_argument(
        "--terima-selisih",
        action="store_true",
        help="simpan walau serapan/sisa/capaian berkas berbeda dari hitungan (dicatat di audit)",
    )


def _cmd_import(args: argparse.Namespace) -> int:
    from tui.cli_data import cmd_import

    return cmd_import(args, context(args))


def _cmd_backup(args: argparse.Namespace) -> int:
    from usecases.admin import backup

    print(f"Cadangan dibuat: {backup(context(args))}")
    return EXIT_OK


def _restore_arguments(s: Any) -> None:
    s.add_argument(
        "file", nargs="?", metavar="BERKAS", help="berkas cadangan (bawaan: cadangan baik terbaru)"
    )


def _cmd_restore(args: argparse.Namespace) -> int:
    from usecases.admin import newest_good_backup, restore

    ctx = context(args)
    source = Path(args.file) if args.file else newest_good_backup(ctx)
    if source is None:
        sys.stderr.write("lakip: tidak ada cadangan yang baik untuk dipulihkan.\n")
        return EXIT_DATA
    kept = restore(ctx, source)
    print(f"Berkas data dipulihkan dari {source}.")
    if kept:
        print(f"Berkas sebelumnya disimpan sebagai {kept}.")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from usecases.admin import check, client_items

    ctx = context(args)
    items = check(ctx)
    if ctx.remote is not None:
        items = [*client_items(ctx), *items]
    for item in items:
        print(f"[{'OK' if item.ok else '!!'}] {item.what}: {item.detail}")
    bad = sum(1 for i in items if not i.ok)
    print("Semua baik." if not bad else f"{bad} hal perlu diperbaiki.")
    return EXIT_OK if not bad else EXIT_REFUSED


def _cmd_periksa(args: argparse.Namespace) -> int:
    import textwrap

    from usecases.quality import check_quality

    q = check_quality(context(args), args.year)
    if args.json:
        items = [{"jenis": f.kind, "masalah": f.what, "perbaiki": f.where} for f in q.findings]
        print(json.dumps({"tahun": q.year, "temuan": items}, ensure_ascii=False, indent=2))
        return EXIT_REFUSED if q.blocking else EXIT_OK
    print(
        f"Pemeriksaan mutu LAKIP {q.year}: {len(q.blocking)} penghalang, "
        f"{len(q.warnings)} peringatan."
    )
    for title, group in (
        ("Penghalang", q.blocking),
        ("Peringatan", q.warnings),
    ):
        if group:
            print(f"\n{title}:")
            for f in group:
                print(textwrap.fill(f.what, 78, initial_indent="  - ", subsequent_indent="    "))
                print(textwrap.fill(f"perbaiki: {f.where}", 78, initial_indent="    ",
                                    subsequent_indent="      "))  # fmt: skip
    if not q.findings:
        print("Tidak ada temuan: LAKIP siap ditandatangani.")
    return EXIT_REFUSED if q.blocking else EXIT_OK


def _cmd_paths(args: argparse.Namespace) -> int:
    from usecases.admin import paths
    from usecases.context import demo_db_path, open_context, settings_path

    ctx, source = open_context(args.db)
    p = paths(ctx, source)  # the store's (the service's); the settings and demo are this account's
    settings, demo = settings_path(), demo_db_path()
    print(f"Berkas data : {p.db}  ({p.source})")
    print(f"Berkas kunci: {p.lock}")
    print(f"Cadangan    : {p.backups}")
    print(f"Keluaran    : {p.out}")
    print(f"Pengaturan  : {settings}{'' if settings.exists() else ' (tidak ada)'}")
    print(f"Data contoh : {demo}{'' if demo.exists() else ' (belum dibuat: lakip demo)'}")
    return EXIT_OK


def _service() -> Any:
    from tui import cli_service

    return cli_service


def _rekap() -> Any:
    from tui import cli_rekap

    return cli_rekap


def _quarters() -> Any:
    from tui import cli_quarters

    return cli_quarters


def _pk() -> Any:
    from tui import cli_pk

    return cli_pk


# The commands, in the order the help lists them.
COMMANDS: dict[str, Command] = {
    "init": Command(
        "buat berkas data kantor baru (dijalankan admin kantor)",
        _cmd_init,
        _init_arguments,
        description="Membuat berkas data kantor: profil instansi, zona waktu, templat nomor "
        "surat, Kepala Dinas, dan laporan tahun pertama. Akun yang menjalankannya menjadi admin.",
    ),
    "demo": Command("buat (atau pakai) data contoh lalu buka papan", _cmd_demo, _demo_arguments),
    "status": Command("di mana laporan sekarang", _cmd_status, _year_json_arguments),
    "advance": Command("selesaikan langkah yang berjalan", _cmd_advance, _advance_arguments),
    "return": Command(
        "kembalikan laporan ke langkah sebelumnya (dari 7, 8, 9)", _cmd_return, _return_arguments
    ),
    "reopen": Command(
        "buka kembali laporan yang sudah ditandatangani (admin)", _cmd_reopen, _reopen_arguments
    ),
    "bidang": Command(
        "tunggakan data bidang: permintaan, batas, penyerahan", _cmd_bidang, _bidang_arguments
    ),
    "jadwal": Command(
        "batas bawaan permintaan data dan jatuh tempo LAKIP", _cmd_jadwal, _jadwal_arguments
    ),
    "log": Command("jejak audit", _cmd_log, _log_arguments),
    "users": Command("pengguna: akun Unix, peran, nama, NIP (admin)", _cmd_users, _users_arguments),
    "year": Command("tahun laporan", _cmd_year, _year_arguments),
    "sop": Command("lihat SOP; ubah peran/waktu langkah (admin)", _cmd_sop, _sop_arguments),
    "export": Command(
        "buat dokumen: LAKIP, surat pengantar, disposisi, format data",
        _cmd_export,
        _export_arguments,
    ),
    "triwulan": Command(
        "monitoring triwulan: rencana aksi, realisasi, capaian, faktor, nomor laporan",
        lambda args: _quarters().cmd_triwulan(args),
        lambda s: _quarters().triwulan_arguments(s),
    ),
    "manual-ik": Command(
        "definisi indikator (Manual IK): rumus, agregasi, polaritas, sumber data",
        lambda args: _quarters().cmd_manual_ik(args),
        lambda s: _quarters().manual_ik_arguments(s),
    ),
    "pk": Command(
        "Perjanjian Kinerja: versi murni dan perubahan, dokumen, tanda tangan",
        lambda args: _pk().cmd_pk(args),
        lambda s: _pk().pk_arguments(s),
    ),
    "letter": Command("nomor surat pengantar (langkah 10)", _cmd_letter, _letter_arguments),
    "import": Command("impor format data terisi (XLSX) atau CSV", _cmd_import, _import_arguments),
    "backup": Command("buat cadangan berkas data sekarang", _cmd_backup),
    "restore": Command("pulihkan berkas data dari cadangan", _cmd_restore, _restore_arguments),
    "check": Command("periksa berkas data, skema, izin, cadangan", _cmd_check),
    "periksa": Command(
        "periksa mutu data dan naskah LAKIP sebelum ditandatangani (langkah 9)",
        _cmd_periksa,
        _year_json_arguments,
    ),
    "paths": Command("tampilkan lokasi berkas data, kunci, cadangan, keluaran", _cmd_paths),
    "paket": Command(
        "paket kantor (JSON) untuk dikirim ke pemda: definisi, capaian, anggaran, alur",
        lambda args: _rekap().cmd_paket(args),
        lambda s: _rekap().paket_arguments(s),
    ),
    "layanan": Command(
        "mode terlindung: jalankan layanan data, atau pasang (root)",
        lambda args: _service().run(args),
        lambda s: _service().arguments(s),
    ),
    "rekap": Command(
        "rekap pemda dari folder paket kantor: ketepatan waktu, kinerja, indikator bersama",
        lambda args: _rekap().cmd_rekap(args),
        lambda s: _rekap().rekap_arguments(s),
    ),
}


if __name__ == "__main__":
    raise SystemExit(main())
