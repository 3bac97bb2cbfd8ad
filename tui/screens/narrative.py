"""The narrative chapters of the report (Report.narrative). An empty chapter opens with a starting
text, clearly marked as not saved, for the office to edit; F2 saves the chapter shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from models.domain import Profile
from models.errors import LakipError, error_text
from models.report import CHAPTER_KEYS, chapter_title
from store.errors import Conflict
from tui.base import KeyBar, run_store
from tui.screens.data_base import (
    RELOAD,
    ConfirmDialog,
    ConflictDialog,
    TextScreen,
    plain,
)
from usecases.context import Context
from usecases.data import DataView


class NarrativeScreen(TextScreen):
    HELP_TITLE = "narasi laporan"

    DEFAULT_CSS = """
    NarrativeScreen #chapters { width: 26; height: 1fr; }
    NarrativeScreen #right { width: 1fr; }
    NarrativeScreen #state { height: 2; padding: 0 1; }
    NarrativeScreen #state.-draft { background: $warning 30%; text-style: bold; }
    NarrativeScreen TextArea { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Simpan", priority=True),
        Binding("f5", "editor", "Editor", priority=True),
        Binding("ctrl+a", "select_all", "Pilih semua teks", show=False, priority=True),
        Binding("escape", "back", "Kembali"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.stored: dict[str, str] = {}
        self.drafts: dict[str, str] = {}
        self.base: dict[str, str] = {}  # the stored text each chapter's editing started from
        self.key = ""
        self.profile: Profile | None = None
        self._then: Callable[[], None] | None = None  # to do once the next reading is shown

    def compose(self) -> ComposeResult:
        yield self.banner()
        yield Static(plain(f"Narasi laporan {self.year}: Enter memilih bab, F2 simpan bab"),
                     id="heading")  # fmt: skip
        with Horizontal():
            yield OptionList(id="chapters")
            with Vertical(id="right"):
                yield Static("", id="state")
                yield TextArea("", id="text", soft_wrap=True, tab_behavior="focus")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(OptionList).focus()

    def chapter_keys(self) -> list[str]:
        return [*CHAPTER_KEYS, *(k for k in self.stored if k not in CHAPTER_KEYS)]

    def show(self, view: DataView) -> None:
        self.stored = dict(view.data.report.narrative)
        self.profile = view.data.profile
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for key in self.chapter_keys():
            mark = "[v]" if self.stored.get(key, "").strip() else "[ ]"
            if key in self.drafts and self.drafts[key] != self.stored.get(key, ""):
                mark = "[*]"
            options.add_option(Option(plain(f"{mark} {chapter_title(key)}"), id=key))
        self.query_one(TextArea).read_only = bool(self.refusal)
        if not self.key:
            self.open_chapter(CHAPTER_KEYS[0])
        # the open chapter is highlighted from the start: the first Down goes to the next one
        keys = self.chapter_keys()
        options.highlighted = highlighted if highlighted is not None else keys.index(self.key)
        self.show_state()
        if self._then is not None:
            then, self._then = self._then, None
            then()

    def default_text(self, key: str) -> str:
        from usecases.narrative_start import default_narrative

        assert self.profile is not None
        return default_narrative(key, self.profile, self.year)

    def keep_draft(self) -> None:
        if self.key:
            text = self.query_one(TextArea).text
            if text != self.stored.get(self.key, "") and text != self._starting(self.key):
                self.drafts[self.key] = text
            else:
                self.drafts.pop(self.key, None)

    def _starting(self, key: str) -> str:
        return self.stored.get(key) or self.default_text(key)

    def open_chapter(self, key: str) -> None:
        self.keep_draft()
        self.key = key
        if key not in self.drafts:
            self.base[key] = self.stored.get(key, "")
        self.query_one(TextArea).load_text(self.drafts.get(key, self._starting(key)))
        self.show_state()

    def show_state(self) -> None:
        state = self.query_one("#state", Static)
        title = chapter_title(self.key)
        draft = not self.stored.get(self.key, "").strip()
        state.set_class(draft, "-draft")
        if draft:
            state.update(
                plain(f"{title}: TEKS AWAL, BELUM DISIMPAN. Ubah sesuai kantor lalu F2 simpan.")
            )
        elif self.key in self.drafts:
            state.update(plain(f"{title}: ada perubahan belum disimpan (F2 simpan)."))
        else:
            state.update(plain(f"{title}: tersimpan."))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_chapter(event.option.id)
            self.query_one(TextArea).focus()

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        if self.key:
            self.keep_draft()
            self.show_state()

    def action_save(self) -> None:
        from usecases.data import save_narrative

        key, text = self.key, self.query_one(TextArea).text
        original = self.base.get(key, self.stored.get(key, ""))

        def saved(_result: object) -> None:
            self.drafts.pop(key, None)
            self.app.notify(markup=False, message="Bab tersimpan.")
            self.reload_then(lambda: self.base.__setitem__(key, self.stored.get(key, "")))

        run_store(
            self,
            lambda: save_narrative(self.ctx, self.year, key, text, original),
            saved,
            self._save_failed,
        )

    def _save_failed(self, exc: LakipError) -> None:
        if isinstance(exc, Conflict):
            self.app.push_screen(ConflictDialog(error_text(exc)), self._after_conflict)
        else:
            self.app.notify(markup=False, message=error_text(exc), severity="error", timeout=8)

    def reload_then(self, then: Callable[[], None]) -> None:
        """Read the data again (a worker), show it, then ``then()``."""
        self._then = then
        self.action_reload()

    def _after_conflict(self, choice: str | None) -> None:
        mine = self.query_one(TextArea).text
        self.reload_then(lambda: self._resolve(choice, mine))

    def _resolve(self, choice: str | None, mine: str) -> None:
        self.base[self.key] = self.stored.get(self.key, "")
        if choice == RELOAD:
            self.drafts.pop(self.key, None)
            self.query_one(TextArea).load_text(self._starting(self.key))
        else:
            self.query_one(TextArea).load_text(mine)
            self.app.notify(
                markup=False, message="Isian Anda tetap; F2 lagi untuk mengganti versi orang lain."
            )
        self.show_state()

    def action_back(self) -> None:
        self.keep_draft()
        if self.drafts and not self.refusal:
            self.app.push_screen(
                ConfirmDialog(f"{len(self.drafts)} bab berubah tetapi belum disimpan. Tinggalkan?"),
                self._leave,
            )
            return
        self.app.pop_screen()

    def _leave(self, ok: bool | None) -> None:
        if ok:
            self.app.pop_screen()
