"""Importing a returned workbook (or a CSV) from the board: a path with Tab completion, a dry
run showing what would change and what is refused, then the import itself.

Both runs are ``usecases.collection.import_file`` (as ``lakip import``), in a thread worker: first
with ``dry_run``, then for real; the use case checks everything again when it applies."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from models.errors import LakipError, error_text
from tui.base import KeyBar, run_store
from tui.screens.frames import CLOSE_BINDINGS, Closable
from tui.text import safe
from usecases.context import Context

IMPORTABLE = (".xlsx", ".csv")
MAX_SHOWN = 200  # lines of changes or refusals in the preview; the rest are counted
MAX_CANDIDATES = 6


def typed_path(text: str) -> str:
    """The path in the prompt's text: the prompt starts with the format-data folder, and a
    path typed after it from ``/`` or ``~/`` starts anew (as in Emacs's file prompt), so
    ``/srv/a//home/b.xlsx`` is ``/home/b.xlsx`` and ``/srv/a/~/b.xlsx`` is ``~/b.xlsx``."""
    text = text.strip()
    start = max(text.rfind("//"), text.rfind("/~"))
    return text[start + 1 :] if start >= 0 else text


def complete_path(text: str) -> tuple[str, list[str]]:
    """Complete ``text`` as a path: (the completed text, the names still possible).

    Only folders and .xlsx/.csv files are offered; hidden names only when asked for with a dot.
    One possible name: it is completed (a folder gets its ``/``). Several: their common start."""
    text = typed_path(text)
    raw = os.path.expanduser(text) if text.startswith("~") else text
    folder, start = os.path.split(raw)
    base = Path(folder or ".")
    try:
        entries = list(os.scandir(base))
    except OSError:
        return text, []
    names: list[str] = []
    for entry in entries:
        name = entry.name
        if not name.startswith(start) or (name.startswith(".") and not start.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            names.append(name + "/")
        elif name.lower().endswith(IMPORTABLE):
            names.append(name)
    names.sort()
    if not names:
        return text, []
    common = names[0]
    for name in names[1:]:
        while not name.startswith(common):
            common = common[:-1]
    prefix = text[: len(text) - len(start)]
    return prefix + common, names if len(names) > 1 else []


def preview_lines(
    result: Any, bidang_of: dict[tuple[str, str], str] | None = None
) -> list[tuple[str, str]]:
    """The dry run, or the import, as (style, line): what changes, per bidang and record; what
    is refused."""
    out: list[tuple[str, str]] = []
    kinds = " dan ".join(result.kinds) or "tidak dikenal"
    rows = f"{result.rows} baris, tahun {result.year}"
    out.append(("bold", f"{result.path.name}: data {kinds}, {rows}."))
    if result.problems:
        out.append(("bold", f"Ditolak ({len(result.problems)} masalah):"))
        out += [("", f"  - {p.text()}") for p in result.problems[:MAX_SHOWN]]
        if len(result.problems) > MAX_SHOWN:
            out.append(("", f"  ... dan {len(result.problems) - MAX_SHOWN} masalah lain."))
    out += [("", f"Peringatan: {w}") for w in result.warnings]
    if result.mismatches:
        out.append(
            ("bold", f"Berbeda dari hitungan ({len(result.mismatches)}; dokumen memakai hitungan):")
        )
        out += [("", f"  - {m.text()}") for m in result.mismatches[:MAX_SHOWN]]
        if len(result.mismatches) > MAX_SHOWN:
            out.append(("", f"  ... dan {len(result.mismatches) - MAX_SHOWN} selisih lain."))
    verb = "berubah" if result.applied else "akan berubah"
    if not result.changes:
        out.append(("", f"Tidak ada data yang {verb}."))
    groups: dict[str, list[Any]] = {}
    for c in result.changes:
        groups.setdefault((bidang_of or {}).get((c.kind, c.code), ""), []).append(c)
    for code in sorted(groups, key=lambda b: (not b, b)):  # a record of no bidang comes last
        group = groups[code]
        where = f"Bidang {code}" if code else "Tanpa bidang (atau baru)"
        out.append(("bold", f"{where}: {len(group)} data {verb}"))
        out += [("", f"  * {c.text()}") for c in group[:MAX_SHOWN]]
        if len(group) > MAX_SHOWN:
            out.append(("", f"  ... dan {len(group) - MAX_SHOWN} lainnya."))
    if result.unchanged:
        out.append(("", f"{result.unchanged} baris sama dengan data yang ada."))
    out += [("", n) for n in result.notes]
    return out


class ImportScreen(Closable):
    """Path, preview (Enter), import (F2); Esc back to the board."""

    HELP_TITLE = "impor format data terisi"

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS[:1],  # not q: it is typed into the path
        Binding(
            "tab",
            "complete",
            "Lengkapi nama berkas",
            key_display="Tab",
            priority=True,
            id="impor.lengkapi",
        ),
        Binding("enter", "preview", "Pratinjau", show=False, id="impor.pratinjau"),
        Binding("f2", "apply", "Impor sekarang", key_display="F2", id="impor.simpan"),
        Binding(
            "f3",
            "apply(True)",
            "Impor, terima selisih",
            key_display="F3",
            id="impor.terima_selisih",
        ),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(id="import")
        self.ctx = ctx
        self.year = year
        self.previewed: Any = None  # the dry run of the path as it is typed now
        self.bidang_of: dict[tuple[str, str], str] = {}  # each record's bidang, as previewed
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(
            Text(f"Impor format data terisi, laporan {self.year}", style="bold"), classes="title"
        )
        yield Input(
            placeholder="Berkas .xlsx atau .csv (Tab melengkapi nama), lalu Enter",
            id="import-path",
            compact=True,
        )
        yield Static("", id="import-candidates")
        with VerticalScroll(id="import-scroll"):
            yield Static(
                Text(
                    "Ketik lokasi berkas kiriman bidang (/ atau ~/ memulai lokasi lain). "
                    "Enter: pratinjau (belum disimpan). F2: impor sesudah pratinjau."
                ),
                id="import-preview",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        folder = self.ctx.out_dir() / f"format-data-{self.year}"
        start = folder if folder.is_dir() else Path.cwd()
        path = self.query_one(Input)
        path.cursor_blink = False
        path.value = str(start) + os.sep
        path.cursor_position = len(path.value)
        path.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply" and parameters:  # accepting differences: only when there are some
            seen = self.previewed
            return (not self.busy) if seen is not None and seen.mismatches else False
        if action == "apply":
            return True if self.previewed is not None and not self.busy else None
        return True

    def on_key(self, event: Any) -> None:
        active = self.active_bindings.get(event.key)
        if active is not None and not active.enabled and active.binding.action == "apply":
            event.stop()
            event.prevent_default()
            self.notify(
                "Tekan Enter dulu untuk pratinjau berkasnya; F2 mengimpor yang sudah dilihat.",
                title="Belum ada pratinjau",
                severity="warning",
                markup=False,
            )

    def _path(self) -> Path:
        return Path(typed_path(self.query_one(Input).value)).expanduser()

    def _show(self, lines: list[tuple[str, str]]) -> None:
        text = Text()
        for style, line in lines:
            text.append(safe(line) + "\n", style=style)
        self.query_one("#import-preview", Static).update(text)
        self.query_one("#import-scroll", VerticalScroll).scroll_home(animate=False)

    def action_complete(self) -> None:
        field = self.query_one(Input)
        if self.focused is not field:  # Tab elsewhere: back to the path
            field.focus()
            return
        completed, names = complete_path(field.value)
        field.value = completed
        field.cursor_position = len(completed)
        shown = "  ".join(names[:MAX_CANDIDATES])
        if len(names) > MAX_CANDIDATES:
            shown += f"  (+{len(names) - MAX_CANDIDATES})"
        self.query_one("#import-candidates", Static).update(Text(safe(shown)))

    @on(Input.Changed, "#import-path")
    def _path_changed(self, _event: Input.Changed) -> None:
        if self.previewed is not None:
            self.previewed = None
            self.refresh_bindings()

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    def action_preview(self) -> None:
        from usecases.collection import bidang_of_records, import_file

        path = self._path()
        if not str(path) or path.is_dir():
            self._show([("", "Pilih sebuah berkas .xlsx atau .csv, bukan folder (Tab).")])
            return
        self._show([("", f"Memeriksa {path.name}...")])
        self.query_one("#import-candidates", Static).update("")

        def work() -> tuple[Any, dict[tuple[str, str], str]]:
            result = import_file(self.ctx, path, year=self.year, dry_run=True)
            return result, bidang_of_records(self.ctx, result.year)

        def done(found: tuple[Any, dict[tuple[str, str], str]]) -> None:
            result, self.bidang_of = found
            # the file previewed is the one applied: in the protected mode the result names
            # the service's copy of the upload, gone once the preview is answered
            self.previewed = replace(result, path=path)
            lines = [
                ("bold reverse", "PRATINJAU: belum ada yang disimpan"),
                *preview_lines(result, self.bidang_of),
            ]
            if result.problems and result.changes:
                lines.append(
                    ("bold", f"F2 mengimpor {len(result.changes)} data yang valid; baris "
                     "bermasalah dilewati.")
                )  # fmt: skip
            elif result.problems:
                lines.append(("bold", "Perbaiki berkasnya lalu pratinjau lagi."))
            elif not result.mismatches:
                lines.append(("bold", "F2: impor sekarang.  Esc: batal."))
            if result.mismatches:
                lines.append(
                    ("bold", "Ada selisih: F2 ditolak. F3 mengimpor dengan nilai hitungan dan "
                     "mencatat selisihnya di jejak audit.")
                )  # fmt: skip
            self._show(lines)
            self.refresh_bindings()

        run_store(self, work, done, self._failed, writes=False)

    def action_apply(self, accept_mismatches: bool = False) -> None:
        from usecases.collection import import_file

        seen = self.previewed
        if seen is None or self.busy:
            return
        path, valid_only = seen.path, bool(seen.problems)
        self.busy = True
        self.refresh_bindings()

        def done(result: Any) -> None:
            self.busy = False
            self.previewed = None
            if result.applied:
                head = ("bold reverse", "TERSIMPAN")
                said = f"{path.name}: {len(result.changes)} data berubah."
                if result.bidang_returned:
                    said += f" Bidang {result.bidang_returned} dicatat sudah menyerahkan data."
                if result.mismatches_accepted:
                    said += f" {len(result.mismatches)} selisih dicatat di jejak audit."
                self.notify(said, title="Impor selesai", markup=False, timeout=10)
            else:
                head = ("bold reverse", "TIDAK DISIMPAN: perbaiki berkasnya lalu impor lagi")
                self.notify(
                    f"{path.name} tidak diimpor; lihat masalahnya di layar.",
                    title="Impor ditolak",
                    severity="error",
                    markup=False,
                )
            self._show([head, *preview_lines(result, self.bidang_of)])
            self.refresh_bindings()

        def failed(exc: LakipError) -> None:
            self.busy = False
            self._failed(exc)

        run_store(
            self,
            lambda: import_file(
                self.ctx,
                path,
                year=self.year,
                valid_only=valid_only,
                accept_mismatches=accept_mismatches,
            ),
            done,
            failed,
        )

    def _failed(self, exc: LakipError) -> None:
        self.previewed = None
        self._show([("bold", "Tidak dapat diimpor:"), ("", error_text(exc))])
        self.refresh_bindings()
