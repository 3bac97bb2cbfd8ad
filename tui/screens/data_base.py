"""Pieces shared by the data screens: typed fields that show back what they understood, the
confirmation and conflict dialogs, the form base (F2 saves, Esc cancels) and the screen base
(read-only banner after signing, editing keys disabled through ``check_action``)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from models.domain import AuditEntry
from models.errors import LakipError, error_text
from models.numbers import NumberError, format_rupiah, format_understood, parse_date
from store.errors import Conflict
from tui.base import FIELD_KEYS, LakipScreen, data_watcher, run_store
from usecases.context import Context

EDIT_ACTIONS = frozenset(
    {"add", "add_sasaran", "edit", "delete", "toggle_return", "save", "export_form"}
)


def plain(text: str, **style: Any) -> Text:
    """User text shown as it is: markup in a name never changes the screen, and control
    characters (an ESC pasted into a name) are shown as ``\\x1b`` instead of reaching the
    terminal (Rich passes them through to the output)."""
    from tui.text import safe

    return Text(safe(text), **style)


def refusal_errors() -> tuple[type[BaseException], ...]:
    return (LakipError,)


# -- fields -----------------------------------------------------------------------------------


class Field(Horizontal):
    """Label, compact input and, next to it, what was understood or why it is refused.

    ``kind``: "text", "number" (``parse_number``; empty allowed unless ``required``), "money"
    (rupiah: ``12.500`` is 12500), "int", "dates" (dates separated by ``;``).
    """

    DEFAULT_CSS = """
    Field { height: auto; margin: 0 0 0 0; }
    Field > Label { width: 19; padding: 0 1 0 0; }
    Field > Input { width: 22; }
    Field.-wide > Input { width: 1fr; }
    Field > .hint { width: 1fr; padding: 0 0 0 1; color: $text-muted; }
    Field.-invalid > .hint { color: $error; text-style: bold; }
    Field.-invalid > Input { border-left: thick $error; }
    """

    def __init__(
        self,
        key: str,
        label: str,
        value: str = "",
        *,
        kind: str = "text",
        required: bool = False,
        placeholder: str = "",
        wide: bool | None = None,
    ) -> None:
        super().__init__(id=f"field-{key}")
        self.key = key
        self.label = label
        self.kind = kind
        self.required = required
        self._initial = value
        self._placeholder = placeholder
        self.parsed: Any = None
        self.message = ""
        if wide or (wide is None and kind == "text"):
            self.add_class("-wide")

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield Input(
            self._initial,
            placeholder=self._placeholder,
            compact=True,
            id=f"input-{self.key}",
            select_on_focus=False,
        )
        if self.kind != "text":
            yield Static("", classes="hint")

    def on_mount(self) -> None:
        self.check()

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    def set_value(self, value: str) -> None:
        self.input.value = value
        self.check()

    @property
    def valid(self) -> bool:
        return not self.message

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.check()

    def check(self) -> bool:
        text = self.value
        self.message, hint = "", ""
        try:
            self.parsed, hint = self._parse(text)
        except ValueError as exc:
            self.parsed = None
            self.message = str(exc)
        if not self.message and self.required and not text.strip():
            self.message = f"{self.label} wajib diisi."
        self.set_class(bool(self.message), "-invalid")
        if self.kind != "text":
            shown = f"! {self.message}" if self.message else (f"= {hint}" if hint else "")
            self.query_one(".hint", Static).update(plain(shown))
        return not self.message

    def _parse(self, text: str) -> tuple[Any, str]:
        from usecases.inputs import clean_text, parse_money, parse_optional_number

        if self.kind == "text":
            return clean_text(text), ""
        if self.kind in ("number", "money"):
            try:
                value = parse_money(text) if self.kind == "money" else parse_optional_number(text)
            except NumberError as exc:
                raise ValueError(str(exc)) from None
            if value is None:
                return None, ""
            if self.kind == "money":
                if value < 0:
                    raise ValueError("Jumlah rupiah tidak boleh negatif.")
                return value, format_rupiah(value)
            return value, format_understood(value)
        if self.kind == "int":
            if not text.strip():
                return 0, ""
            if not text.strip().isdigit():
                raise ValueError(f"'{text.strip()}' bukan bilangan bulat; tulis misalnya 30.")
            return int(text.strip()), text.strip()
        if self.kind == "dates":
            dates = []
            for part in text.replace("\n", ";").split(";"):
                if part.strip():
                    dates.append(parse_date(part))
            from models.numbers import format_date

            return tuple(sorted(set(dates))), ", ".join(format_date(d) for d in sorted(dates))
        raise AssertionError(self.kind)


class Choice(Horizontal):
    """Label and a compact select."""

    DEFAULT_CSS = """
    Choice { height: auto; }
    Choice > Label { width: 19; padding: 0 1 0 0; }
    Choice > Select { width: 1fr; }
    """

    def __init__(
        self,
        key: str,
        label: str,
        options: Iterable[tuple[str, str]],
        value: str | None,
        *,
        allow_blank: bool = False,
    ) -> None:
        super().__init__(id=f"field-{key}")
        self.key = key
        self.label = label
        self._options = [(plain(text), val) for text, val in options]
        self._value = value
        self._allow_blank = allow_blank

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        values = [v for _, v in self._options]
        initial = self._value if self._value in values else Select.NULL
        if initial is Select.NULL and not self._allow_blank and values:
            initial = values[0]
        yield Select(
            self._options,
            value=initial,
            allow_blank=self._allow_blank,
            compact=True,
            id=f"input-{self.key}",
            prompt="(tidak ada)",
        )

    @property
    def select(self) -> Select[str]:
        return self.query_one(Select)

    @property
    def value(self) -> str:
        v = self.select.value
        return "" if v is Select.NULL or v is None else str(v)

    def set_value(self, value: str) -> None:
        values = [v for _, v in self._options]
        if value in values:
            self.select.value = value
        elif self._allow_blank:
            self.select.clear()


# -- dialogs ----------------------------------------------------------------------------------


class ConfirmDialog(LakipScreen, ModalScreen[bool]):
    """Yes/no: ``y`` confirms, ``n`` or Esc cancels."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 64; height: auto; max-height: 20; border: round $warning; padding: 0 1;
        background: $surface;
    }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Ya"),
        Binding("n,escape", "answer(False)", "Tidak"),
    ]

    def __init__(self, message: str, yes: str = "Ya (y)", no: str = "Batal (n)") -> None:
        super().__init__()
        self.message = message
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.message))
            with Horizontal():
                yield Button(self.yes, id="yes", compact=True, variant="warning")
                yield Button(self.no, id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


RELOAD, KEEP_EDITING = "reload", "keep"


class ConflictDialog(LakipScreen, ModalScreen[str]):
    """Someone saved the record since the form opened: reload theirs, or keep editing ours."""

    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical {
        width: 72; height: auto; max-height: 22; border: round $error; padding: 0 1;
        background: $surface;
    }
    ConflictDialog #diff { height: auto; max-height: 9; }
    ConflictDialog Horizontal { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('reload')", "Muat ulang"),
        Binding("l,escape", "choose('keep')", "Lanjut menyunting"),
    ]

    def __init__(
        self,
        message: str,
        differences: list[str] | None = None,
        last: AuditEntry | None = None,
        me: str = "",
    ) -> None:
        super().__init__()
        self.message = message
        self.differences = differences or []
        self.last = last  # the newest audit entry of the record: who saved it, what changed
        self.me = me

    def compose(self) -> ComposeResult:
        last = self.last
        if last is None:
            who = "orang lain"
        elif last.account == self.me:
            who = "akun Anda sendiri di sesi lain"
        else:
            who = f"akun {last.account}"
        with Vertical():
            yield Static(plain(f"KONFLIK: data sudah diubah {who}", style="bold"))
            yield Static(plain(self.message))
            with VerticalScroll(id="diff"):
                if last is not None and last.changes:
                    theirs = "; ".join(
                        f"{c.field} {c.before or '-'} -> {c.after or '-'}" for c in last.changes
                    )
                    yield Static(plain(f"Yang diubah {who}: {theirs}"))
                if self.differences:
                    yield Static(
                        plain("Isian Anda dibanding yang tersimpan sekarang:\n")
                        + plain("\n".join(self.differences))
                    )
            yield Static(
                plain(
                    "m: muat ulang (isian Anda dibuang, tampil data terbaru).\n"
                    "l: lanjut menyunting (isian Anda tetap; Simpan lagi akan mengganti data "
                    "orang lain dengan isian Anda)."
                )
            )
            with Horizontal():
                yield Button("Muat ulang (m)", id="reload", compact=True, variant="warning")
                yield Button("Lanjut menyunting (l)", id="keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(RELOAD if event.button.id == "reload" else KEEP_EDITING)


# -- form base --------------------------------------------------------------------------------

DISCARD_QUESTION = "Ada isian yang berubah dan belum disimpan. Buang perubahan itu?"


def field_values(screen: Screen[Any]) -> tuple[tuple[str | None, object], ...]:
    """What the inputs and choices of a screen hold now."""
    return tuple((w.id, getattr(w, "value", None)) for w in screen.query("Input, Select"))


def ask_before_discarding(
    screen: Screen[Any], clean: tuple[tuple[str | None, object], ...], leave: Callable[[], object]
) -> None:
    """``leave()`` at once when the fields hold what they held at ``clean``; otherwise only
    after the user agrees to lose the changes (Esc or n keeps the form and its typing)."""
    if field_values(screen) == clean:
        leave()
        return

    def answered(discard: bool | None) -> None:
        if discard:
            leave()

    screen.app.push_screen(
        ConfirmDialog(DISCARD_QUESTION, yes="Buang (y)", no="Lanjut mengisi (n)"), answered
    )



class FormScreen(LakipScreen, ModalScreen[Any]):
    item: Any  # the record being edited, as loaded (revisioned forms)
    """A modal form at 80x24: title, scrollable fields, an error line, Simpan/Batal.

    F2 (or the Simpan button) saves; Esc cancels; Enter in a field moves to the next one.
    Subclasses yield their fields from ``fields()`` and implement ``save()`` (the store work
    for what the form holds, run in a worker thread; it raises ``Conflict`` or a refusal) and
    ``reload()`` (fresh values after a conflict)."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form {
        width: 80; max-width: 100%; height: 100%; max-height: 24;
        border: round $primary; background: $surface; padding: 0 0;
    }
    FormScreen #title { height: 1; text-style: bold; padding: 0 1; }
    FormScreen #body { height: 1fr; padding: 0 1; }
    FormScreen #preview { height: auto; max-height: 2; padding: 0 1; color: $accent; }
    FormScreen #error { height: auto; max-height: 3; padding: 0 1; color: $error; }
    FormScreen #buttons { height: 1; padding: 0 1; }
    FormScreen #buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Simpan", priority=True),
        Binding("escape", "cancel", "Batal"),
        *FIELD_KEYS,
    ]
    TITLE_TEXT = "Formulir"

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.year = year

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(plain(self.TITLE_TEXT), id="title")
            with VerticalScroll(id="body"):
                yield from self.fields()
            yield Static("", id="preview")
            yield Static("", id="error")
            with Horizontal(id="buttons"):
                yield Button("Simpan (F2)", id="save", compact=True, variant="primary")
                yield Button("Batal (Esc)", id="cancel", compact=True)

    def fields(self) -> ComposeResult:
        raise NotImplementedError
        yield

    def on_mount(self) -> None:
        self.clean = field_values(self)
        self.refresh_state()
        first = self.query(Input).first() if self.query(Input) else None
        if first is not None:
            first.focus()

    def field(self, key: str) -> Any:
        return self.query_one(f"#field-{key}")

    def invalid_fields(self) -> list[Field]:
        return [f for f in self.query(Field) if not f.valid]

    def refresh_state(self) -> None:
        bad = self.invalid_fields()
        self.query_one("#save", Button).disabled = bool(bad)
        if bad:
            self.query_one("#error", Static).update(
                plain(f"Belum dapat disimpan: {len(bad)} isian belum benar ({bad[0].label}).")
            )
        else:
            self.query_one("#error", Static).update("")
        self.update_preview()

    def update_preview(self) -> None:
        """Subclasses show computed values (capaian, serapan) here."""

    def show_preview(self, text: str) -> None:
        self.query_one("#preview", Static).update(plain(text))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self.refresh_state()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self.refresh_state()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        ask_before_discarding(self, self.clean, lambda: self.dismiss(None))

    def action_save(self) -> None:
        for f in self.query(Field):
            f.check()
        self.refresh_state()
        bad = self.invalid_fields()
        if bad:
            bad[0].input.focus()
            return
        try:
            work = self.save()
        except refusal_errors() as exc:
            self.query_one("#error", Static).update(plain(error_text(exc)))
            return
        run_store(self, work, self._saved, self._save_failed)

    def _saved(self, result: Any) -> None:
        self.dismiss(result)

    def _save_failed(self, exc: LakipError) -> None:
        if isinstance(exc, Conflict):
            dialog = ConflictDialog(
                error_text(exc), self.differences(), exc.last, self.ctx.account
            )
            self.app.push_screen(dialog, self._after_conflict)
        else:
            self.query_one("#error", Static).update(plain(error_text(exc)))

    def _after_conflict(self, choice: str | None) -> None:
        if choice == RELOAD:
            if self.reload():
                self.clean = field_values(self)
                self.query_one("#error", Static).update(plain("Dimuat ulang: ini data terbaru."))
            else:
                self.app.notify(
                    markup=False, message="Data itu sudah dihapus orang lain.", severity="warning"
                )
                self.dismiss(None)
        else:
            self.keep_editing()
            self.query_one("#error", Static).update(
                plain(
                    "Isian Anda tetap. Simpan (F2) lagi untuk mengganti data orang lain dengan "
                    "isian Anda, atau Esc untuk batal."
                )
            )

    def save(self) -> Callable[[], Any]:
        """The store work that saves what the form holds (read from the fields here)."""
        raise NotImplementedError

    def reload(self) -> bool:
        """Load the stored record into the fields; False when it no longer exists."""
        raise NotImplementedError

    def _stored(self) -> Any:
        """The record as it is in the store now (None when deleted)."""
        raise NotImplementedError

    def keep_editing(self) -> None:
        """Adopt the stored revision so the next save is the user's deliberate choice."""
        fresh = self._stored()
        self.item = replace(self.item, rev=fresh.rev if fresh else 0)

    def differences(self) -> list[str]:
        return []


def field_differences(stored: Any, mine: Any, labels: dict[str, str]) -> list[str]:
    """Every field (of ``labels``, in its order) in which the user's form differs from the
    stored record, as "Label: tersimpan X; isian Anda Y"; a field the form does not show still
    counts, since saving would put the user's old value back."""
    from enum import Enum

    def show(value: Any) -> str:
        if value is None or value == "" or value == {}:
            return "-"
        if isinstance(value, Decimal):
            return number_text(value)
        if isinstance(value, Enum):
            return str(value.value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {show(v)}" for k, v in sorted(value.items()))
        return str(value)

    return [
        f"{label}: tersimpan {show(getattr(stored, name))}; isian Anda {show(getattr(mine, name))}"
        for name, label in labels.items()
        if getattr(stored, name) != getattr(mine, name)
    ]


def number_text(value: Decimal | None) -> str:
    from models.numbers import format_editable

    return "" if value is None else format_editable(value)


# -- screen base ------------------------------------------------------------------------------


class DataScreen(LakipScreen, Screen[None]):
    """A data screen of one report year: a read-only banner when the user may not edit."""

    DEFAULT_CSS = """
    DataScreen #banner {
        height: auto; max-height: 3; background: $warning 30%; color: $text; padding: 0 1;
        text-style: bold;
    }
    DataScreen #banner.-hidden { display: none; }
    DataScreen #heading { height: 1; padding: 0 1; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.year = year
        self.refusal: str | None = None
        self._mtime = 0

    def banner(self) -> Static:
        return Static("", id="banner", classes="-hidden")

    def load(self) -> Any:
        from usecases.data import load

        view = load(self.ctx, self.year)
        self.year = view.year
        self.refusal = view.refusal
        self._mtime = self.ctx.store.mtime_ns()
        try:
            banner = self.query_one("#banner", Static)
        except Exception:
            banner = None
        if banner is not None:
            banner.set_class(not self.refusal, "-hidden")
            banner.update(plain(f"HANYA BACA: {self.refusal}" if self.refusal else ""))
        self.refresh_bindings()
        return view

    def on_mount(self) -> None:
        data_watcher(self.app, self.ctx).changed.subscribe(self, self._file_changed)
        if self.COLUMNS:  # a table screen: columns for this width, rows, focus on the table
            self.set_columns()
            self.action_reload()
            self.query_one(DataTable).focus()

    def _file_changed(self, _token: int = 0) -> None:
        """The data file changed (the app's watcher), or this screen is shown again."""
        if self.is_current and self.ctx.store.mtime_ns() != self._mtime:
            self.action_reload()

    def on_screen_resume(self) -> None:
        self._file_changed()

    def action_reload(self) -> None:
        raise NotImplementedError

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS and self.refusal:
            return None
        return True

    # A table screen lists its columns as (label, least width); FLEX names the column that
    # takes whatever room a wider terminal has to spare.
    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = ()
    FLEX = ""
    _flex_width = 0

    def set_columns(self) -> bool:
        """(Re)build the table's columns for the screen width; True when they changed."""
        table = self.query_one(DataTable)
        others = sum(w for label, w in self.COLUMNS if label != self.FLEX)
        least = next((w for label, w in self.COLUMNS if label == self.FLEX), 0)
        padding = 2 * len(self.COLUMNS) + 4  # a space each side of a cell; scrollbar and margin
        flex = max(least, self.size.width - others - padding)
        if flex == self._flex_width:
            return False
        self._flex_width = flex
        table.clear(columns=True)
        for label, width in self.COLUMNS:
            table.add_column(label, width=flex if label == self.FLEX else width, key=label)
        return True

    def on_resize(self) -> None:
        if self.COLUMNS and self.set_columns() and getattr(self, "data", None) is not None:
            self.refill()

    def refill(self) -> None:
        """Show the rows again after the columns changed."""
        self.action_reload()

    def current_key(self) -> str | None:
        """The row key of the table's cursor row, or None."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None

    def refuse_if_locked(self) -> bool:
        if self.refusal:
            self.app.notify(markup=False, message=self.refusal, severity="warning", timeout=6)
            return True
        return False


def run_editor(app: Any, text: str, suffix: str = ".txt") -> str | None:
    """Suspend the app and edit ``text`` in ``$VISUAL``/``$EDITOR`` (or nano/vi); return the new
    text, or None when no editor could run (the reason is notified)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        editor = next((e for e in ("nano", "vi") if shutil.which(e)), "")
    if not editor:
        app.notify(
            markup=False,
            message="Tidak ada editor: setel variabel EDITOR, misalnya EDITOR=nano.",
            severity="error",
        )
        return None
    fd, name = tempfile.mkstemp(prefix="lakip-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            with app.suspend():
                subprocess.run([*shlex.split(editor), name], check=False)
        except Exception as exc:  # SuspendNotSupported in a test or a web terminal
            app.notify(
                markup=False,
                message=f"Editor tidak dapat dijalankan di sini: {error_text(exc)}",
                severity="error",
            )
            return None
        with open(name, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(name)


def attempt(screen: DataScreen, fn: Callable[[], Any], then: Callable[[], None]) -> None:
    """Run a use case in a worker thread (keys keep working; a wait for the lock says who
    holds it): ``then()`` when done, a notified refusal when not; the screen reloads after."""

    def done(_result: Any) -> None:
        then()
        screen.action_reload()

    def failed(exc: LakipError) -> None:
        screen.app.notify(markup=False, message=error_text(exc), severity="error", timeout=8)
        screen.action_reload()

    run_store(screen, fn, done, failed)
