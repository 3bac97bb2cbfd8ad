"""The audit trail of a year, with a filter.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from models.domain import AuditEntry
from models.errors import LakipError, error_text
from models.numbers import OfficeZone, format_datetime
from tui.base import KeyBar, data_watcher, run_store
from tui.screens.frames import CLOSE_BINDINGS, Closable
from tui.text import safe
from usecases.context import Context


def _short_dt(dt: datetime, zone: OfficeZone) -> str:
    from models.numbers import to_local

    return to_local(dt, zone).strftime("%d-%m-%y %H.%M")


def audit_matches(entry: AuditEntry, words: list[str]) -> bool:
    hay = " ".join(
        [
            str(entry.seq),
            entry.account,
            entry.action,
            entry.action.replace(".", " "),
            entry.target,
            entry.note,
            str(entry.year or ""),
            *(f"{c.field} {c.before} {c.after}" for c in entry.changes),
        ]
    ).lower()
    return all(w in hay for w in words)


class AuditScreen(Closable):
    """The audit trail of a year, filterable by step, person or action."""
    HELP_TITLE = "jejak audit"


    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("slash", "filter", "Saring", key_display="/", id="audit.saring"),
    ]

    def __init__(self, ctx: Context, year: int | None) -> None:
        super().__init__(id="audit")
        self.ctx = ctx
        self.year = year
        self.entries: tuple[AuditEntry, ...] = ()
        self.zone: OfficeZone | None = None  # the office's, read with the trail

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Jejak audit laporan {self.year}", style="bold"), classes="title")
        yield Input(
            placeholder="Saring: langkah 7, nama akun, aksi (mis. dikembalikan) lalu Enter",
            id="audit-filter",
            compact=True,
        )
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-entry")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("No", "Waktu", "Akun", "Aksi", "Objek", "Catatan")
        filter_input = self.query_one(Input)
        filter_input.cursor_blink = False
        table.focus()
        self.load()
        data_watcher(self.app, self.ctx).changed.subscribe(self, self.load)

    def load(self, _token: int = 0) -> None:
        """Read the trail in a worker thread (again when the data file changed)."""
        from usecases.admin import audit

        def shown(found: tuple[tuple[AuditEntry, ...], OfficeZone]) -> None:
            self.entries, self.zone = found
            self.fill(self.query_one(Input).value)

        def failed(exc: LakipError) -> None:
            self.query_one("#audit-entry", Static).update(Text(error_text(exc)))

        run_store(
            self, lambda: (audit(self.ctx, self.year), self.ctx.zone()), shown, failed, writes=False
        )

    def fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        words = query.lower().split()
        shown = [e for e in self.entries if audit_matches(e, words)]
        zone = self.zone
        if zone is None:  # the trail could not be read
            return
        for e in reversed(shown):
            table.add_row(
                Text(str(e.seq)),
                Text(_short_dt(e.at, zone)),
                Text(safe(e.account)),
                Text(e.action),
                Text(safe(e.target)),
                Text(safe(e.note.replace("\n", " ")[:60])),
                key=str(e.seq),
            )
        if keep:
            table.move_cursor(row=keep)
        info = f"{len(shown)} dari {len(self.entries)} catatan"
        self.query_one("#audit-entry", Static).update(Text(info))

    @on(Input.Changed, "#audit-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#audit-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowHighlighted)
    def _row(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        seq = int(event.row_key.value)
        entry = next((e for e in self.entries if e.seq == seq), None)
        if entry is None or self.zone is None:
            return
        text = Text(
            safe(
                f"#{entry.seq} {format_datetime(entry.at, self.zone)} "
                f"{entry.account} {entry.action}"
            )
        )
        if entry.note:
            text.append(safe(f"\ncatatan: {entry.note}"))
        for c in entry.changes:
            text.append(safe(f"\n{c.line(': ')}"))
        self.query_one("#audit-entry", Static).update(text)

    def action_filter(self) -> None:
        self.query_one(Input).focus()
