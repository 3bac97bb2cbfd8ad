"""Pieces shared by the data screens: typed fields that show back what they understood, the
confirmation and conflict dialogs, the form base (F2 saves, Esc cancels) and the screen base
(read-only banner after signing, editing keys disabled through ``check_action``)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from models.domain import AuditEntry, YearData
from models.errors import LakipError, error_text
from models.numbers import format_rupiah, format_understood
from store.errors import Conflict
from tui.base import FIELD_KEYS, KeyBar, LakipScreen, run_store
from usecases.context import Context
from usecases.data import DataView

EDIT_ACTIONS = frozenset(
    {"add", "add_sasaran", "edit", "delete", "toggle_return", "save", "export_form"}
)


def plain(text: str, **style: Any) -> Text:
    """User text shown as it is: markup in a name never changes the screen, and control
    characters (an ESC pasted into a name) are shown as ``\\x1b`` instead of reaching the
    terminal (Rich passes them through to the output)."""
    from tui.text import safe

    return Text(safe(text), **style)


def same_cell(a: Text, b: Text) -> bool:
    """Whether two cells look the same (``Text.__eq__`` compares neither style nor justify)."""
    return (
        a.plain == b.plain and a.style == b.style and a.justify == b.justify and a.spans == b.spans
    )


def put_text(widget: Static, content: Text) -> None:
    """``widget.update(content)`` that lays the screen out again (every widget measured, the
    table drawn anew: most of a row move's time) only when the widget's height changes, and
    does nothing when the text is the one shown."""
    shown = widget.content
    if isinstance(shown, Text) and same_cell(shown, content):
        return
    width = widget.content_region.width
    if not width or not widget.is_mounted:
        widget.update(content)
        return
    before = widget.get_content_height(widget.size, widget.app.size, width)
    widget.update(content, layout=False)
    if widget.get_content_height(widget.size, widget.app.size, width) != before:
        widget.refresh(layout=True)


def move_to(table: DataTable[Any], key: str) -> None:
    """Put the table's cursor on the row ``key`` when the row is (still) there."""
    with contextlib.suppress(RowDoesNotExist):
        table.move_cursor(row=table.get_row_index(key))


# -- fields -----------------------------------------------------------------------------------


# The kinds of typed field whose value is shown back ("= 1.250,75") or refused ("! ...") next
# to the input (a code with a space says why); free text shows only the input.
_SHOWN_BACK = frozenset({"code", "number", "money", "int", "margin", "time", "dates", "template"})


def understood(kind: str, value: Any) -> str:
    """What a parsed value of ``kind`` is shown back as, next to its input."""
    from models.numbers import format_date

    if value is None or value == "" or value == ():
        return ""
    if kind == "number":
        return format_understood(value)
    if kind == "money":
        return format_rupiah(value)
    if kind == "dates":
        return ", ".join(format_date(d) for d in value)
    if kind == "margin":
        return f"{value} mm"
    return str(value) if kind == "int" else ""


class Field(Horizontal):
    """Label, compact input and, next to it, what was understood or why it is refused.

    ``kind`` names the rule that reads the typed text (``usecases.inputs.field_parser``: "text",
    "code", "number" (empty allowed unless ``required``), "money" (``12.500`` is 12500), "int",
    "margin", "time", "dates" (dates separated by ``;``), "template")."""

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
            select_on_focus=self.kind != "text",  # typing over a number replaces it
        )
        if self.kind in _SHOWN_BACK:
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
        from usecases.inputs import field_parser

        text = self.value
        self.message, hint = "", ""
        try:
            self.parsed = field_parser(self.kind)(text)
            hint = understood(self.kind, self.parsed)
        except ValueError as exc:  # the rule's refusal (pydantic's custom error is one)
            self.parsed = None
            self.message = str(exc)
        if not self.message and self.required and not text.strip():
            self.message = f"{self.label} wajib diisi."
        self.set_class(bool(self.message), "-invalid")
        if self.kind in _SHOWN_BACK:
            shown = f"! {self.message}" if self.message else (f"= {hint}" if hint else "")
            self.query_one(".hint", Static).update(plain(shown))
        return not self.message


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


# -- declared forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """One line of a form's field list; the list builds, collects, reloads and compares the form.

    ``attr`` is the record's attribute (and the widget's id unless ``key`` is given); ``label``
    is shown (a function of the form's year when it names a year); ``kind`` is the rule reading
    the typed text (``Field``); ``choices(form)`` makes it a select of (label, value) pairs, its
    values those of ``enum`` when given; ``get(record, year)`` and ``put(record, year, value)``
    read and write the attribute when it is not a plain one (a year of ``history``);
    ``help`` is the placeholder; ``wide`` the input's width (default: wide for free text);
    ``diff_label`` names the attribute in the conflict dialog when ``label`` names one part."""

    attr: str
    label: str | Callable[[int], str]
    kind: str = "text"
    required: bool = False
    wide: bool | None = None
    help: str = ""
    key: str = ""
    choices: Callable[[Any], Iterable[tuple[str, str]]] | None = None
    allow_blank: bool = False
    enum: type[Enum] | None = None
    get: Callable[[Any, int], Any] | None = None
    put: Callable[[Any, int, Any], Any] | None = None
    diff_label: str = ""

    @property
    def id(self) -> str:
        return self.key or self.attr

    def title(self, year: int) -> str:
        return self.label(year) if callable(self.label) else self.label

    def read(self, record: Any, year: int) -> Any:
        return self.get(record, year) if self.get else getattr(record, self.attr)

    def write(self, record: Any, year: int, value: Any) -> Any:
        if self.put:
            return self.put(record, year, value)
        return replace(record, **{self.attr: value})

    def shown(self, value: Any) -> str:
        """The stored value as the input holds it."""
        from models.numbers import format_date

        if value is None:
            return ""
        if isinstance(value, Enum):
            return str(value.value)
        if self.kind in ("number", "money"):
            return number_text(value)
        if self.kind == "int":
            return str(value or "")
        if self.kind == "dates":
            return "; ".join(format_date(d) for d in value)
        return str(value)

    def widget(self, form: Any, record: Any) -> Field | Choice:
        year = form.year
        value = self.shown(self.read(record, year))
        if self.choices is not None:
            return Choice(
                self.id, self.title(year), self.choices(form), value, allow_blank=self.allow_blank
            )
        return Field(
            self.id,
            self.title(year),
            value,
            kind=self.kind,
            required=self.required,
            placeholder=self.help,
            wide=self.wide,
        )

    def value_of(self, widget: Any, record: Any, year: int) -> Any:
        """What the widget holds, as the record's value (a blank choice keeps an enum's)."""
        if self.choices is None:
            return widget.parsed
        if self.enum is not None:
            return self.enum(widget.value) if widget.value else self.read(record, year)
        return widget.value


def _shorten(text: str, width: int = 52) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def sasaran_choices(form: Any) -> list[tuple[str, str]]:
    """The sasaran of the form's year data, as a select's (label, value) pairs."""
    return [(_shorten(f"{s.code} {s.name}"), s.code) for s in form.data.sasaran]


def bidang_choices(form: Any) -> list[tuple[str, str]]:
    """The bidang of the form's year data, as a select's (label, value) pairs."""
    return [(_shorten(f"{b.code} {b.name}"), b.code) for b in form.data.bidang]


def form_widgets(form: Any, fields: Iterable[FormField], record: Any) -> list[Field | Choice]:
    return [f.widget(form, record) for f in fields]


def form_record(form: Any, fields: Iterable[FormField], record: Any) -> Any:
    """``record`` with every field's value put in."""
    for f in fields:
        record = f.write(record, form.year, f.value_of(form.field(f.id), record, form.year))
    return record


def form_reload(form: Any, fields: Iterable[FormField], record: Any) -> None:
    """The inputs show ``record``."""
    for f in fields:
        form.field(f.id).set_value(f.shown(f.read(record, form.year)))


def form_labels(
    fields: Iterable[FormField], year: int, kind: type, others: dict[str, str]
) -> dict[str, str]:
    """Every content field of a record type (models.domain.content_fields), named as the form
    names it, or by ``others`` for one the form does not show: what a conflict compares."""
    from models.domain import content_fields

    named: dict[str, str] = {}
    for f in fields:
        named.setdefault(f.attr, f.diff_label or f.title(year))
    named.update({k: v for k, v in others.items() if k not in named})
    return {name: named[name] for name in content_fields(kind)}


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
                    theirs = "; ".join(c.line() for c in last.changes)
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
    """A modal form at 80x24: title, scrollable fields, an error line, Simpan/Batal.

    F2 (or the Simpan button) saves; Esc cancels (asking first when a field changed); Enter in a
    field moves to the next one. A form declares its fields once, in ``FIELDS`` (``FormField``):
    that list builds the inputs, collects the record, reloads it after a conflict and names the
    differences. A subclass gives ``save()`` (the store work, run in a worker thread; it raises
    ``Conflict`` or a refusal) and ``find(data)`` (the stored record in the year's data)."""

    HELP_TITLE = "formulir"

    item: Any  # the record being edited, as loaded (revisioned forms)
    FIELDS: ClassVar[tuple[FormField, ...]] = ()
    OTHER_LABELS: ClassVar[dict[str, str]] = {}  # content fields the form does not show
    PREVIEW = ""  # what the preview line computes ("Capaian"); empty: no preview line
    SAME = "(isian Anda sama dengan yang tersimpan)"
    GONE = "(data ini sudah dihapus)"

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
        yield from form_widgets(self, self.FIELDS, self.item)

    def collect(self) -> Any:
        """The record as the form holds it."""
        return form_record(self, self.FIELDS, self.item)

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
        """The values computed from what the fields hold (``preview``); while a field is not
        valid yet, ``PREVIEW`` with a dash. Nothing for a form without a ``PREVIEW``."""
        if not self.PREVIEW:
            return
        if self.invalid_fields():
            self.show_preview(f"{self.PREVIEW}: - (ada isian yang belum benar)")
        else:
            self.show_preview(self.preview(self.collect()))

    def preview(self, item: Any) -> str:
        """The preview line of the record the form holds (capaian, serapan)."""
        return ""

    def show_preview(self, text: str) -> None:
        self.query_one("#preview", Static).update(plain(text))

    def show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(plain(text))

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
        except LakipError as exc:
            self.show_error(error_text(exc))
            return
        run_store(self, work, self._saved, self._save_failed)

    def _saved(self, result: Any) -> None:
        self.dismiss(result)

    def _save_failed(self, exc: LakipError) -> None:
        if not isinstance(exc, Conflict):
            self.show_error(error_text(exc))
            return

        def compare(fresh: Any) -> None:
            self.app.push_screen(
                ConflictDialog(
                    error_text(exc), self.differences(fresh), exc.last, self.ctx.account
                ),
                lambda choice: self._after_conflict(choice, fresh),
            )

        run_store(
            self, self.stored, compare, lambda e: self.show_error(error_text(e)), writes=False
        )

    def _after_conflict(self, choice: str | None, fresh: Any) -> None:
        if choice == RELOAD:
            if self.reload(fresh):
                self.clean = field_values(self)
                self.show_error("Dimuat ulang: ini data terbaru.")
            else:
                self.app.notify(
                    markup=False, message="Data itu sudah dihapus orang lain.", severity="warning"
                )
                self.dismiss(None)
        else:
            self.keep_editing(fresh)
            self.show_error(
                "Isian Anda tetap. Simpan (F2) lagi untuk mengganti data orang lain dengan "
                "isian Anda, atau Esc untuk batal."
            )

    def save(self) -> Callable[[], Any]:
        """The store work that saves what the form holds (read from the fields here)."""
        raise NotImplementedError

    def find(self, data: YearData) -> Any:
        """The record as it is in ``data`` (None when deleted)."""
        raise NotImplementedError

    def stored(self) -> Any:
        """The record as it is in the store now (None when deleted); store work for a worker."""
        from usecases.data import load

        return self.find(load(self.ctx, self.year).data)

    def reload(self, fresh: Any) -> bool:
        """Show the stored record ``fresh`` in the fields; False when it no longer exists."""
        if fresh is None:
            return False
        self.item = fresh
        form_reload(self, self.FIELDS, fresh)
        self.refresh_state()
        return True

    def keep_editing(self, fresh: Any) -> None:
        """Adopt the stored revision so the next save is the user's deliberate choice."""
        self.item = replace(self.item, rev=fresh.rev if fresh else 0)

    def labels(self) -> dict[str, str]:
        """Every content field of the record, named as the conflict dialog names it."""
        return form_labels(self.FIELDS, self.year, type(self.item), self.OTHER_LABELS)

    def differences(self, fresh: Any) -> list[str]:
        if fresh is None:
            return [self.GONE]
        return field_differences(fresh, self.collect(), self.labels()) or [self.same(fresh)]

    def same(self, fresh: Any) -> str:
        return self.SAME


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


@dataclass(frozen=True)
class Column:
    """A column of a data screen's table: ``flex`` > 0 makes it a text column (a name) that
    takes the room left and gives way first, never narrower than ``flex``; ``optional`` > 0
    lets it be left out on a narrow screen (the highest first)."""

    label: str
    flex: int = 0
    optional: int = 0


class Table(DataTable[Any]):
    """The data screens' table. It keeps its drawn cells when only its height changes (the
    detail line under it grew or shrank on a row move): the DataTable draws every cell anew on
    any resize, though its cells and lines depend on the width only; that redraw was most of a
    row move's time on the indicator screen."""

    _drawn_width: tuple[int, int] = (-1, -1)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        """The detail line follows the cursor in the same frame (a RowHighlighted message is
        handled after the moved row has been drawn: a second frame, a frame later)."""
        super().watch_cursor_coordinate(old, new)
        screen = self.screen
        if old != new and isinstance(screen, DataScreen):
            screen.row_moved()

    def _on_resize(self, event: events.Resize) -> None:
        width = (event.size.width, self.size.width)
        if width != self._drawn_width:
            self._drawn_width = width
            super()._on_resize(event)
        event.prevent_default()  # DataTable._on_resize has run, or had nothing to do


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
        self.keep: str | None = None  # the row to show the cursor on after the next reading

    def banner(self) -> Static:
        return Static("", id="banner", classes="-hidden")

    def table_layout(
        self, *, search: Input | None = None, below: Iterable[str] = ()
    ) -> ComposeResult:
        """A table screen: banner, heading, (search,) the table, the detail line of the row, the
        ``below`` lines (by id) and the key bar."""
        yield self.banner()
        yield Static("", id="heading")
        if search is not None:
            yield search
        yield Table(id="table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        for name in below:
            yield Static("", id=name)
        yield KeyBar()

    def on_mount(self) -> None:
        self.follow_data(self.ctx)  # the app's one watcher: read again now, or when shown again
        if self.COLUMNS:  # a table screen
            self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        """Read the year's data (``usecases.data.load``) in a worker thread; ``show`` it."""
        from usecases.data import load

        ctx, year = self.ctx, self.year
        self._stale = False
        run_store(self, lambda: load(ctx, year), self._loaded, self._load_failed, writes=False)

    def _loaded(self, view: DataView) -> None:
        self.year = view.year
        self.refusal = view.refusal
        banner = self.query("#banner").first(Static) if self.query("#banner") else None
        if banner is not None:
            banner.set_class(not self.refusal, "-hidden")
            banner.update(plain(f"HANYA BACA: {self.refusal}" if self.refusal else ""))
        self.refresh_bindings()
        self.show(view)

    def _load_failed(self, exc: LakipError) -> None:
        self.app.notify(
            markup=False, message=error_text(exc), title="Gagal memuat data", severity="error"
        )

    def show(self, view: DataView) -> None:
        """Show the year's data just read."""
        raise NotImplementedError

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS and self.refusal:
            return None  # shown dimmed; pressed, it says why (on_key)
        return True

    def on_key(self, event: events.Key) -> None:
        """A key this account may not use here says why, as on the board."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or not self.refusal:
            return
        event.stop()
        event.prevent_default()
        self.app.notify(
            self.refusal, title="Tidak dapat dilakukan", severity="warning", markup=False
        )

    # A table screen lists its columns (``Column``); ``put_rows`` sizes them to what they hold.
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    _rows: list[tuple[str, list[Text]]] | None = None
    _layout: tuple[tuple[int, int], ...] = ()

    def column_layout(self, widths: list[int]) -> tuple[tuple[int, int], ...]:
        """Which columns are shown, and how wide, for the screen's width: a number, a unit or a
        code is never cut (its column is as wide as its longest value); the text columns take
        the room left, and when even their least width does not fit, the optional columns are
        left out (their values stand in the detail line), the highest ``optional`` first."""
        width = self.size.width or self.app.size.width
        shown = list(range(len(self.COLUMNS)))

        def room() -> int:  # a space each side of a cell; the scrollbar and a margin
            fixed = sum(widths[i] for i in shown if not self.COLUMNS[i].flex)
            return width - 4 - 2 * len(shown) - fixed

        least = sum(c.flex for c in self.COLUMNS)
        while room() < least:
            optional = [i for i in shown if self.COLUMNS[i].optional]
            if not optional:
                break
            shown.remove(max(optional, key=lambda i: self.COLUMNS[i].optional))
        spare = max(0, room() - least)
        out = []
        for i in shown:
            c = self.COLUMNS[i]
            out.append((i, c.flex + spare * c.flex // least if c.flex else widths[i]))
        return tuple(out)

    def put_rows(self, rows: list[tuple[str, list[Text]]]) -> None:
        """Show ``rows`` (key, one cell a column), the cursor kept on its row. When the rows
        and the columns are those shown already (a quarter chosen, the data read again), only
        the cells that differ are changed: the table keeps its rows, cursor and scroll, and
        nothing is measured again."""
        shown, self._rows = self._rows, rows
        table = self.query_one(DataTable)
        keep = self.keep or self.current_key()
        self.keep = None
        widths = [
            max([len(c.label)] + [row[i].cell_len for _, row in rows])
            for i, c in enumerate(self.COLUMNS)
        ]
        layout = self.column_layout(widths)
        self._filling = True
        try:
            self._put(table, rows, shown, layout, keep)
        finally:
            self._filling = False

    def _put(
        self,
        table: DataTable[Any],
        rows: list[tuple[str, list[Text]]],
        shown: list[tuple[str, list[Text]]] | None,
        layout: tuple[tuple[int, int], ...],
        keep: str | None,
    ) -> None:
        if (
            layout == self._layout
            and shown is not None
            and table.row_count == len(shown) == len(rows)
            and all(old[0] == new[0] for old, new in zip(shown, rows, strict=True))
        ):
            for (key, row), (_, old) in zip(rows, shown, strict=True):
                for i, _width in layout:
                    if not same_cell(row[i], old[i]):
                        table.update_cell(key, self.COLUMNS[i].label, row[i])
            if keep is not None and keep != self.current_key():
                move_to(table, keep)
            return
        if layout != self._layout:
            self._layout = layout
            table.clear(columns=True)
            for i, width in layout:
                table.add_column(self.COLUMNS[i].label, width=width, key=self.COLUMNS[i].label)
        else:
            table.clear()
        for key, row in rows:
            table.add_row(*(row[i] for i, _ in layout), key=key)
        if keep is not None:
            move_to(table, keep)

    def on_resize(self) -> None:
        if self._rows is not None:
            self.put_rows(self._rows)

    _filling = False  # put_rows is changing the table: the caller shows the detail after

    def row_moved(self) -> None:
        """The table's cursor moved to another row."""
        if not self._filling:
            self.show_detail()

    def show_detail(self) -> None:
        """Show the detail line of the cursor's row (a table screen's own)."""

    def current_key(self) -> str | None:
        """The row key of the table's cursor row, or None."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return str(key.value) if key.value is not None else None

    def refuse_if_locked(self) -> bool:
        if self.refusal:
            self.app.notify(markup=False, message=self.refusal, severity="warning", timeout=6)
            return True
        return False


def choose_editor() -> str:
    """``$VISUAL`` or ``$EDITOR``, else the first of nano and vi that exists ("" when none)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    return editor or next((e for e in ("nano", "vi") if shutil.which(e)), "")


class TextScreen(DataScreen):
    """A data screen editing long text in its TextArea: Ctrl+A selects all, F5 opens the
    external editor (refused while the year is locked)."""

    def action_select_all(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()

    def action_editor(self) -> None:
        if self.refuse_if_locked():
            return
        area = self.query_one(TextArea)
        text = run_editor(self.app, area.text)
        if text is not None:
            area.load_text(text.rstrip("\n"))
            self.edited()

    def edited(self) -> None:
        """After the external editor gave text back."""

    def unsaved(self) -> str:
        """The question asked before leaving with text not saved ("" when all is saved)."""
        return ""

    def action_back(self) -> None:
        question = self.unsaved()
        if not question or self.refusal:
            super().action_back()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                super(TextScreen, self).action_back()

        self.app.push_screen(ConfirmDialog(question), answered)


def run_editor(app: Any, text: str, suffix: str = ".txt") -> str | None:
    """Suspend the app and edit ``text`` in ``$VISUAL``/``$EDITOR`` (or nano/vi); return the new
    text, or None when no editor could run (the reason is notified)."""
    editor = choose_editor()
    if not editor:
        app.notify(
            markup=False,
            message="Tidak ada editor teks (nano atau vi) di komputer ini: setel variabel "
            "EDITOR, misalnya EDITOR=nano.",
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
        except (SuspendNotSupported, OSError) as exc:  # a test, a web terminal; no such program
            app.notify(
                markup=False,
                message=f"Editor {editor} tidak dapat dijalankan di sini: {exc}",
                severity="error",
            )
            return None
        with open(name, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(name)


def delete_asked(screen: DataScreen, what: str, fn: Callable[[], Any]) -> None:
    """Ask "Hapus <what>?"; on yes run the deleting use case ``fn`` as ``attempt`` does and say
    "<What> dihapus."."""

    def answered(ok: bool | None) -> None:
        if ok:
            said = f"{what[0].upper()}{what[1:]} dihapus."
            attempt(screen, fn, lambda: screen.app.notify(markup=False, message=said))

    screen.app.push_screen(ConfirmDialog(f"Hapus {what}?", yes="Hapus (y)"), answered)


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
