"""Two frames the board's screens share: a full screen closed by Esc or q, and a modal
dialog form with its hint line.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, Static

from models.errors import LakipError, error_text
from tui.base import FIELD_KEYS, KeyBar, LakipScreen, run_store
from tui.text import safe

CLOSE_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Kembali", id="layar.kembali"),
    Binding("q", "close", "Kembali", show=False, id="layar.kembali_q"),
]


class Closable(LakipScreen, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = CLOSE_BINDINGS

    def action_close(self) -> None:
        self.dismiss(None)


class ListScreen(LakipScreen, Screen[None]):
    """A short table of records over the detail of the chosen one (the tunggakan, the PK),
    read through a use case in a worker and read again when the data file changes.

    A subclass names ``PREFIX`` (its id; widgets ``PREFIX-title``, ``-table``, ``-detail``),
    its ``COLUMNS`` and ``MAX_ROWS``, and gives ``read`` (the use case, run in the worker
    thread), ``show`` (fill the title and table from what was read) and ``detail(row)``."""

    PREFIX: ClassVar[str]
    COLUMNS: ClassVar[tuple[str, ...]]
    MAX_ROWS: ClassVar[int] = 9

    def __init__(self, ctx: Any, year: int) -> None:
        super().__init__(id=self.PREFIX)
        self.ctx = ctx
        self.year = year

    def compose(self) -> ComposeResult:
        yield Static(id=f"{self.PREFIX}-title")
        yield DataTable(id=f"{self.PREFIX}-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id=f"{self.PREFIX}-detail-scroll"):
            yield Static(id=f"{self.PREFIX}-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.styles.height = "auto"
        table.styles.max_height = self.MAX_ROWS
        table.add_columns(*self.COLUMNS)
        table.focus()
        self.follow_data(self.ctx)
        self.action_reload()

    def action_reload(self) -> None:
        """Read again, in a worker thread; a reload keeps the row that was chosen."""
        self._stale = False

        def failed(exc: LakipError) -> None:
            self.notify(error_text(exc), title="Gagal memuat data", severity="error", markup=False)

        run_store(self, self.read, self.shown, failed, writes=False)

    def read(self) -> Any:
        raise NotImplementedError

    def shown(self, found: Any) -> None:
        raise NotImplementedError

    def detail(self, row: int) -> None:
        raise NotImplementedError

    def put_title(self, title: Text) -> None:
        self.query_one(f"#{self.PREFIX}-title", Static).update(title)

    def put_detail(self, text: Text) -> None:
        self.query_one(f"#{self.PREFIX}-detail", Static).update(text)

    def fill_table(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> int:
        """Fill the table with (key, cells) rows, the cursor on the row it was on; its row."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        row = min(max(row, 0), max(len(rows) - 1, 0))
        if rows:
            table.move_cursor(row=row)
        return row

    def chosen_row(self, count: int) -> int | None:
        """The cursor's row among ``count`` records (None when there are none)."""
        if not count:
            return None
        return min(max(self.query_one(DataTable).cursor_row, 0), count - 1)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.detail(event.cursor_row)

    def action_close(self) -> None:
        self.dismiss(None)


# -- dialogs ------------------------------------------------------------------------------------


class Dialog(LakipScreen, ModalScreen[dict[str, Any] | None]):
    """A small form: Enter moves to the next field and saves on the last; Esc cancels."""

    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal", id="dialog.batal"),
        *FIELD_KEYS,
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept: dict[str, str] = {}  # what was typed before a refusal, to fill in again

    def field(self, fid: str, label: str, value: str = "", **kw: Any) -> Horizontal:
        return Horizontal(
            Label(Text(label), classes="field-label"),
            Input(value=self.kept.get(fid, value), id=fid, compact=True, **kw),
            classes="field",
        )

    def inputs(self) -> list[Input]:
        return list(self.query(Input))

    def typed(self) -> dict[str, str]:
        """Every field's text as typed, to give back to the same dialog after a refusal."""
        return {i.id: i.value for i in self.inputs() if i.id}

    def value(self, fid: str) -> str:
        found = self.query(f"#{fid}")
        return found.first(Input).value.strip() if found else ""

    def on_mount(self) -> None:
        for i in self.inputs():
            i.cursor_blink = False

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        fields = self.inputs()
        if event.input in fields and event.input is not fields[-1]:
            fields[fields.index(event.input) + 1].focus()
            return
        self.save()

    def refuse(self, message: str, fid: str | None = None) -> None:
        self.query_one("#dialog-error", Static).update(Text(safe(message)))
        if fid:
            self.query_one(f"#{fid}", Input).focus()

    def save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)


def dialog_hint() -> Static:
    return Static("Enter: lanjut/simpan  Tab: kolom lain  Esc: batal", classes="dialog-hint")
