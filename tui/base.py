"""What every screen of ours shares: focus moves without a full repaint, store work off the UI
thread, and one watcher of the data file.

Store work. ``run_store(screen, work, done)`` runs ``work`` (a use case, a load) in a Textual
thread worker; the worker posts typed messages back to the screen: ``StoreWaiting`` at once when
the data lock is held by another process (who holds it and since when), ``StoreFinished`` with
the result or the refusal. ``done`` and ``failed`` run on the UI thread. Keys keep working while
the worker waits; ``cancel_store_work(app)`` (Esc on the board) makes a waiting worker give up
without changing anything (``store.lock.watched``).

The data file. ``data_watcher(app, ctx)`` is the one watcher per application: one ``os.stat`` a
second (size and modification time), publishing ``changed`` when another process (or this one)
wrote the file. The board, the data screens and the audit screen subscribe to it.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from rich.align import Align
from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.reactive import Reactive
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets.option_list import Option

from models.errors import LakipError, error_text
from store.errors import LockCancelled
from store.lock import Holder, watched
from usecases.context import Context

T = TypeVar("T")
WATCH_SECONDS = 1.0

# Tab and Shift+Tab move the focus before the next key is handed to a widget: typed ahead over a
# slow link ("TST<Tab>Nama Uji<Tab>Kepala" arriving in one read), each field gets its own part.
# (Without priority the keys after a Tab are already queued for the field the Tab left.)
FIELD_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Isian berikutnya", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Isian sebelumnya", show=False, priority=True),
]


@dataclass(eq=False)
class StoreJob(Generic[T]):
    """One piece of store work started from a screen."""

    work: Callable[[], T]
    done: Callable[[T], None]
    failed: Callable[[LakipError], None]
    writes: bool
    cancel: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)  # its thread is done
    notice: Notification | None = None


class StoreWaiting(Message):
    """The job's thread is waiting for the data lock, held by ``holder``."""

    def __init__(self, job: StoreJob[Any], holder: Holder) -> None:
        super().__init__()
        self.job = job
        self.holder = holder


class StoreFinished(Message):
    """The job's thread is done: ``error`` is None when it succeeded."""

    def __init__(self, job: StoreJob[Any], result: Any, error: LakipError | None) -> None:
        super().__init__()
        self.job = job
        self.result = result
        self.error = error


_PENDING: weakref.WeakKeyDictionary[App[Any], list[StoreJob[Any]]] = weakref.WeakKeyDictionary()


def pending_writes(app: App[Any]) -> list[StoreJob[Any]]:
    return [job for job in _PENDING.get(app, []) if job.writes]


def waiting_text(holder: Holder, zone: Any = None) -> str:
    since = holder.since
    if since is not None and zone is not None:
        since = since.astimezone(zone)
    when = f" sejak {since:%H:%M}" if since is not None else ""
    who = holder.account or "proses lain"
    return f"Menunggu kunci data (dipegang {who}{when}). Esc membatalkan."


def run_store(
    screen: Widget,
    work: Callable[[], T],
    done: Callable[[T], None],
    failed: Callable[[LakipError], None] | None = None,
    *,
    writes: bool = True,
) -> StoreJob[T] | None:
    """Run ``work`` in a thread; ``done(result)`` or ``failed(error)`` on the UI thread.

    A second write while one is pending is refused with a message (None is returned): the
    pending one may still be waiting for the lock."""
    app = screen.app
    if writes and pending_writes(app):
        app.notify(
            "Perubahan sebelumnya masih menunggu; tunggu atau tekan Esc untuk membatalkannya.",
            severity="warning",
            markup=False,
        )
        return None

    def show_refusal(exc: LakipError) -> None:
        app.notify(error_text(exc), title="Tidak dapat dilakukan", severity="error", markup=False)

    job = StoreJob(work, done, failed or show_refusal, writes)
    _PENDING.setdefault(app, []).append(job)

    def in_thread() -> None:
        def on_wait(holder: Holder) -> None:
            screen.post_message(StoreWaiting(job, holder))

        result: Any = None
        error: LakipError | None = None
        try:
            with watched(on_wait, job.cancel.is_set):
                try:
                    result = work()
                except LakipError as exc:
                    error = exc
            screen.post_message(StoreFinished(job, result, error))
        finally:
            job.ended.set()

    screen.run_worker(in_thread, thread=True, group="store", exit_on_error=True)
    return job


def cancel_store_work(app: App[Any]) -> bool:
    """Ask every pending write to give up its wait for the lock; True when there was one."""
    jobs = pending_writes(app)
    for job in jobs:
        job.cancel.set()
    return bool(jobs)


class LakipScreen:
    """Mixin for every Screen of ours (put it before ``Screen``).

    Focus: Textual declares ``Screen.focused`` with ``repaint=True``, so each focus move repaints
    the whole screen: in an 80x24 terminal about 11 KB for one key, a second per key on a
    64 kbit/s link. The widgets that gain and lose focus refresh themselves anyway.

    Store work: the messages of ``run_store`` come back here."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    HELP_TITLE = ""  # what the help (F1) calls this screen; empty: the board

    def on_store_waiting(self, message: StoreWaiting) -> None:
        message.stop()
        job = message.job
        if job.cancel.is_set() or job not in _PENDING.get(self._app(), []):
            return
        ctx = getattr(self, "ctx", None)
        zone = ctx.zone().tz if isinstance(ctx, Context) else None
        job.notice = Notification(
            waiting_text(message.holder, zone), "Menunggu", "warning", timeout=3600, markup=False
        )
        self._app().post_message(Notify(job.notice))

    def on_store_finished(self, message: StoreFinished) -> None:
        message.stop()
        app = self._app()
        job = message.job
        with contextlib.suppress(ValueError, KeyError):
            _PENDING.get(app, []).remove(job)
        if job.notice is not None:
            with contextlib.suppress(KeyError):
                app._unnotify(job.notice)
        if isinstance(message.error, LockCancelled):
            app.notify(str(message.error), title="Dibatalkan", markup=False, timeout=4)
        elif message.error is not None:
            job.failed(message.error)
        else:
            job.done(message.result)

    def _app(self) -> App[Any]:
        node: Any = self
        return node.app  # type: ignore[no-any-return]

    # -- following the data file: read again at once when shown, else when shown again

    _stale = False

    def follow_data(self, ctx: Context) -> None:
        """Call ``action_reload`` whenever another process (or screen) changes the data file."""
        node: Any = self  # a Screen: the mixin comes before it
        data_watcher(self._app(), ctx).changed.subscribe(node, self._data_file_changed)

    def _data_file_changed(self, _token: int = 0) -> None:
        node: Any = self
        if node.is_current:
            node.action_reload()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            node: Any = self
            node.action_reload()


@dataclass(eq=False)
class DataWatcher:
    """The one watcher of the data file of an application."""

    ctx: Context
    changed: Signal[int]
    token: int = 0

    def check(self) -> None:
        token = self.ctx.change_token()
        if token != self.token:
            self.token = token
            self.changed.publish(token)


_WATCHERS: weakref.WeakKeyDictionary[App[Any], DataWatcher] = weakref.WeakKeyDictionary()


def data_watcher(app: App[Any], ctx: Context, seconds: float = WATCH_SECONDS) -> DataWatcher:
    """The application's watcher of the data file (made, and started, on first use)."""
    watcher = _WATCHERS.get(app)
    if watcher is None:
        watcher = DataWatcher(ctx, Signal(app, "data-file-changed"))
        watcher.token = ctx.change_token()
        _WATCHERS[app] = watcher
        app.set_interval(seconds, watcher.check, name="watch-data-file")
    return watcher


class KeyBar(Static):
    """The footer of every screen: the shown keys of the live bindings, refused ones dimmed (in
    brackets too under NO_COLOR, where nothing is dimmed: ``[a Tambah]``), as many as fit the
    width in the order the screen lists them; the rest are behind "F1 lainnya".

    Textual's ``Footer`` rebuilds itself on every focus move (about 80 ms a key press on these
    machines) and cuts its last keys at 80 columns; this bar repaints only when the keys it
    shows, or their state, change."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; }
    """
    MORE = ("F1", "lainnya", True)
    PALETTE = ("^p", "Palet", True)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.show_keys())
        self.show_keys()

    def on_resize(self) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        seen: set[str] = set()
        parts: list[tuple[str, str, bool]] = []
        for active in self.screen.active_bindings.values():
            b = active.binding
            if not b.show or b.action in seen:
                continue
            seen.add(b.action)
            display = key_display(self.app, b)
            if display:
                description = in_indonesian(b.description)
                if not active.enabled and self.app.no_color:  # no dim text: say it in brackets
                    display, description = f"[{display}", f"{description}]"
                parts.append((display, description, active.enabled))
        parts = self.fit([*parts, self.PALETTE], self.size.width or self.app.size.width)
        key = tuple(parts)
        if getattr(self, "_shown", None) == key:
            return
        self._shown = key
        text = Text(no_wrap=True, overflow="ellipsis")
        for k, (display, description, enabled) in enumerate(parts):
            if k:
                text.append("  ")
            text.append(display, style=("bold reverse" if enabled else "dim"))
            text.append(" " + description, style="" if enabled else "dim strike")
        self.update(text)

    @classmethod
    def fit(cls, parts: list[tuple[str, str, bool]], width: int) -> list[tuple[str, str, bool]]:
        """All the parts when they fit ``width``; else the first ones and "F1 lainnya"."""

        def cells(ps: list[tuple[str, str, bool]]) -> int:
            return sum(len(d) + 1 + len(t) for d, t, _ in ps) + 2 * max(0, len(ps) - 1)

        if cells(parts) <= width:
            return parts
        kept = [p for p in parts if p[1] != "Bantuan" and p != cls.PALETTE]
        while kept and cells([*kept, cls.MORE]) > width:
            kept.pop()
        return [*kept, cls.MORE]


# Textual's own key descriptions (its widgets' bindings), as the help screen shows them.
TEXTUAL_WORDS = {
    "Bottom": "Paling bawah",
    "Copy": "Salin",
    "Copy selected text": "Salin teks terpilih",
    "Cursor down": "Kursor ke bawah",
    "Cursor down select": "Pilih ke bawah",
    "Cursor left": "Kursor ke kiri",
    "Cursor left select": "Pilih ke kiri",
    "Cursor left word select": "Pilih satu kata ke kiri",
    "Cursor line end": "Ke akhir baris",
    "Cursor line end select": "Pilih sampai akhir baris",
    "Cursor line start": "Ke awal baris",
    "Cursor line start select": "Pilih sampai awal baris",
    "Cursor page down": "Satu halaman ke bawah",
    "Cursor page up": "Satu halaman ke atas",
    "Cursor right": "Kursor ke kanan",
    "Cursor right select": "Pilih ke kanan",
    "Cursor right word select": "Pilih satu kata ke kanan",
    "Cursor up": "Kursor ke atas",
    "Cursor up select": "Pilih ke atas",
    "Cursor word left": "Satu kata ke kiri",
    "Cursor word right": "Satu kata ke kanan",
    "Cut": "Potong",
    "Cut selected text": "Potong teks terpilih",
    "Delete all to the left": "Hapus semua di kiri",
    "Delete all to the right": "Hapus semua di kanan",
    "Delete character left": "Hapus huruf di kiri",
    "Delete character right": "Hapus huruf di kanan",
    "Delete left to start of word": "Hapus ke awal kata",
    "Delete line": "Hapus baris",
    "Delete right to start of word": "Hapus sampai kata berikutnya",
    "Delete to line end": "Hapus sampai akhir baris",
    "Delete to line start": "Hapus sampai awal baris",
    "Down": "Ke bawah",
    "End": "Ke akhir",
    "First": "Paling awal",
    "Focus Next": "Fokus berikutnya",
    "Focus Previous": "Fokus sebelumnya",
    "Go to end": "Ke akhir",
    "Go to start": "Ke awal",
    "Home": "Ke awal",
    "Last": "Paling akhir",
    "Move cursor left": "Kursor ke kiri",
    "Move cursor left a word": "Satu kata ke kiri",
    "Move cursor left a word and select": "Pilih satu kata ke kiri",
    "Move cursor left and select": "Pilih ke kiri",
    "Move cursor right": "Kursor ke kanan",
    "Move cursor right a word": "Satu kata ke kanan",
    "Move cursor right a word and select": "Pilih satu kata ke kanan",
    "Move cursor right and select": "Pilih ke kanan",
    "Move cursor right or accept the completion suggestion": "Kursor ke kanan / terima usulan",
    "Next option": "Pilihan berikutnya",
    "Page Down": "Halaman bawah",
    "Page Left": "Halaman kiri",
    "Page Right": "Halaman kanan",
    "Page Up": "Halaman atas",
    "Page down": "Halaman bawah",
    "Page up": "Halaman atas",
    "Paste": "Tempel",
    "Paste text from the clipboard": "Tempel dari papan klip",
    "Press button": "Tekan tombol",
    "Previous option": "Pilihan sebelumnya",
    "Redo": "Ulangi",
    "Scroll Down": "Gulir ke bawah",
    "Scroll End": "Gulir ke akhir",
    "Scroll Home": "Gulir ke awal",
    "Scroll Left": "Gulir ke kiri",
    "Scroll Right": "Gulir ke kanan",
    "Scroll Up": "Gulir ke atas",
    "Select": "Pilih",
    "Select all": "Pilih semua",
    "Select line": "Pilih baris",
    "Select line end": "Pilih sampai akhir baris",
    "Select line start": "Pilih sampai awal baris",
    "Show menu": "Buka daftar",
    "Submit": "Kirim",
    "Toggle": "Ganti",
    "Top": "Paling atas",
    "Undo": "Urungkan",
    "Up": "Ke atas",
}


def in_indonesian(description: str) -> str:
    """A key's description as the user reads it: Textual's own words translated."""
    return TEXTUAL_WORDS.get(description, description)


def key_display(app: App[Any], binding: Binding) -> str:
    """How a key is written for the user: no ``super+`` keys (a terminal never sends them)."""
    shown = binding.key_display or app.get_key_display(binding)
    return shown if "super+" not in shown else ""


class Palette(CommandPalette):
    """Textual's command palette, in Indonesian (its placeholder and "no matches")."""

    NO_MATCHES = "Tidak ada perintah yang cocok"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own, with its English words replaced (it has no setting for them).
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(self.NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
