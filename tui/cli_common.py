"""What every ``lakip`` command shares: the exit codes, the parser that speaks Indonesian, the
options several commands take, and the ``Context`` of the parsed arguments.

Imported by ``tui.cli`` and by the ``tui.cli_*`` command modules, never the other way round;
like ``tui.cli`` it imports nothing heavy (``lakip status`` loads it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_DATA = 0, 1, 2, 3


def columns() -> int:
    """The terminal's width (COLUMNS first; 80 when not a terminal). argparse would ask shutil,
    and importing shutil (with bz2 and lzma) costs ~3 ms of every command; os answers the same."""
    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        width = 80
    try:
        return int(os.environ.get("COLUMNS") or width)
    except ValueError:
        return width


# argparse's own words (its gettext message ids, Python 3.11) in Indonesian. Every typed option
# of lakip takes an integer, hence "bilangan bulat" for any "invalid <type> value".
_INDONESIAN = {
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen ini wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan tidak valid: %(value)r (pilih dari %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "perintah %(parser_name)r tidak dikenal (pilih dari %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "bukan bilangan bulat: %(value)r",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu sedikitnya satu nilai",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opsi %(option)s tidak jelas: bisa berarti %(matches)s"
    ),
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "tidak menerima nilai (%r)",
    "unexpected option string: %s": "opsi tak terduga: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: %(message)s\n",
}


def _gettext(message: str) -> str:
    return _INDONESIAN.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "perlu %s nilai"
    return singular if n == 1 else plural


@contextmanager
def _in_indonesian() -> Iterator[None]:
    """argparse's messages in Indonesian while it parses (its gettext names swapped for ours,
    then put back)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("width") is None:
            kwargs["width"] = columns() - 2
        super().__init__(prog, *args, **kwargs)

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _gettext("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Indonesian and exits 2 (``EXIT_USAGE``) on wrong usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = _gettext("positional arguments")
        self._optionals.title = _gettext("options")
        self.add_argument("-h", "--help", action="help", help=_gettext(
            "show this help message and exit"
        ))  # fmt: skip

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _in_indonesian():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _in_indonesian():
            return super().parse_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _in_indonesian():
            return super().format_usage()

    def format_help(self) -> str:
        with _in_indonesian():
            return super().format_help()

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"lakip: {message}\n")
        raise SystemExit(EXIT_USAGE)


# Options several commands take, defined once: name -> (flags, add_argument keywords).
OPTIONS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "year": (
        ("--year",),
        {"type": int, "metavar": "TAHUN", "help": "tahun laporan (bawaan: tahun aktif)"},
    ),
    "json": (("--json",), {"action": "store_true", "help": "keluaran JSON untuk skrip"}),
    "as_admin": (
        ("--as-admin",),
        {
            "metavar": "ALASAN",
            "default": "",
            "help": "admin bertindak atas nama peran pemegang langkah",
        },
    ),
}


def add_options(parser: Any, *names: str) -> None:
    """Add the shared options ``names`` (keys of ``OPTIONS``) to ``parser``, in that order."""
    for name in names:
        flags, keywords = OPTIONS[name]
        parser.add_argument(*flags, **keywords)


def add_role(parser: Any, *, empty: bool = False, **keywords: Any) -> None:
    """``--role``, one of the SOP's roles (``empty``: or '' for none)."""
    from models.sop import Role

    choices = [r.value for r in Role] + ([""] if empty else [])
    parser.add_argument("--role", choices=choices, **keywords)


def context(args: argparse.Namespace) -> Any:
    """The ``Context`` of the data file the arguments name (--db, LAKIP_DB, settings...)."""
    from usecases.context import open_context

    return open_context(args.db)[0]
