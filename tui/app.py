"""The board application ``LakipApp``, and opening it: ``lakip`` with no command calls
``run_board``.

``tui.cli`` imports this module only when the board really opens (it imports Textual): ``lakip
status`` stays light.

Start-up time: when the environment variable ``LAKIP_STARTUP_LOG`` names a file, the board appends
one line to it after its first frame is drawn, with the time since the process started (read from
``/proc``, so it includes the interpreter's own start-up) and since this module was imported.
"""

from __future__ import annotations

import os
import time

IMPORTED_AT = time.monotonic()  # before Textual and the board are imported (see below)
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")  # Textual reads it when imported

from collections.abc import Callable, Iterable  # noqa: E402
from typing import Any, ClassVar  # noqa: E402

from textual.app import App, SystemCommand  # noqa: E402
from textual.binding import Binding, BindingType  # noqa: E402
from textual.driver import Driver  # noqa: E402
from textual.screen import Screen  # noqa: E402

from models.domain import Report  # noqa: E402
from models.errors import LakipError, error_text  # noqa: E402
from tui.base import Palette, cancel_store_work, pending_writes, run_store  # noqa: E402
from tui.screens.board import ACTION_ERRORS, CATEGORIES, BoardScreen, action_params  # noqa: E402
from tui.screens.help import HelpScreen, help_rows  # noqa: E402
from tui.screens.message import MessageDialog  # noqa: E402
from tui.term import FULL_TERMINAL, Terminal, detect  # noqa: E402
from tui.term import apply as apply_terminal  # noqa: E402
from usecases.board import BoardData, load_board  # noqa: E402
from usecases.context import Context  # noqa: E402

IMPORT_SECONDS = time.monotonic() - IMPORTED_AT  # Textual and the board
ENV_STARTUP_LOG = "LAKIP_STARTUP_LOG"
POLL_SECONDS = 1.0
ELAPSED_REFRESH_SECONDS = 60.0


def process_started_at() -> float | None:
    """The moment this process started, on the ``time.monotonic`` clock (Linux only)."""
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # field 22 (starttime), counted after the ')' of the name
        hz = os.sysconf("SC_CLK_TCK")
        boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        age = boot - ticks / hz
        return time.monotonic() - age
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def startup_log(message: str) -> None:
    path = os.environ.get(ENV_STARTUP_LOG)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(message + "\n")
    except OSError:
        pass  # measuring must never break the board


def create_app(
    ctx: Context, *, plain: bool = False, mouse: bool = True, year: int | None = None
) -> LakipApp:
    """Build the board application."""
    # Read the data once, before the screen opens: a missing, damaged or locked-out file is
    # reported on the command line with its exit code, and the board starts from this read.
    initial = load_board(ctx, year)
    app = LakipApp(ctx, term=detect(plain), mouse=mouse, year=year, initial=initial)
    app.import_seconds = IMPORT_SECONDS
    return app


def run_board(ctx: Context, *, plain: bool = False, mouse: bool = True) -> int:
    """Open the full-screen board; returns the exit code."""
    app = create_app(ctx, plain=plain, mouse=mouse)
    app.run(mouse=mouse)
    code: Any = app.return_code
    return int(code or 0)


# -- the application ----------------------------------------------------------------------------


class LakipApp(App[int], inherit_bindings=False):
    """The board application. No ctrl+q / ctrl+s bindings (XON/XOFF on server terminals)."""

    CSS_PATH = "lakip.tcss"
    TITLE = "LAKIP"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Bantuan", key_display="F1/?", id="aplikasi.bantuan"),
        Binding(
            "question_mark",
            "help",
            "Bantuan",
            show=False,
            key_display="?",
            id="aplikasi.bantuan_tanya",
        ),
        Binding("q", "quit", "Keluar", id="aplikasi.keluar"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Palet perintah",
            show=False,
            priority=True,
            id="aplikasi.palet",
        ),
        Binding(
            "colon", "command_palette", "Palet perintah", show=False, id="aplikasi.palet_titik2"
        ),
        Binding("ctrl+c", "quit_hint", show=False, system=True),
        Binding("escape", "cancel_store_work", show=False, priority=True, system=True),
    ]

    def __init__(
        self,
        ctx: Context,
        *,
        term: Terminal = FULL_TERMINAL,
        mouse: bool = True,
        year: int | None = None,
        poll_seconds: float = POLL_SECONDS,
        initial: BoardData | None = None,
    ) -> None:
        super().__init__()
        self._initial = initial
        self.ctx = ctx
        self.term = term
        self.mouse = mouse
        self.year = year
        self.poll_seconds = poll_seconds
        self.animation_level = "none"
        apply_terminal(self, term)
        self.board: BoardScreen | None = None
        self.reloads = 0
        self._loads_started = self._load_shown = 0
        self._mounted_at = time.monotonic()
        self.import_seconds = 0.0  # set by create_app
        self._load_error = ""

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, sending style codes only when they change (``tui.wire``)."""
        from tui.wire import lean_driver

        return lean_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen[Any]:
        """The board itself is the default screen: no empty frame first, one data read."""
        self._mounted_at = time.monotonic()
        try:
            data = self._initial or load_board(self.ctx, self.year)
        except ACTION_ERRORS as exc:
            self._load_error = error_text(exc)
            return Screen()
        self._initial = None
        self.board = BoardScreen(data)
        return self.board

    def on_mount(self) -> None:
        self.set_class(self.term.ascii, "-plain")
        if self._load_error:
            self.exit(1, message=self._load_error)
            return
        # the elapsed time of the current step stays true without a change of the file
        self.set_interval(ELAPSED_REFRESH_SECONDS, self.reload, name="elapsed-refresh")

    def log_startup(self) -> None:
        now = time.monotonic()
        started = process_started_at()
        since_start = f"{(now - started) * 1000:.0f}" if started is not None else "?"
        startup_log(
            f"lakip board first frame: {since_start} ms since process start, "
            f"{(now - IMPORTED_AT) * 1000:.0f} ms since tui.app import "
            f"(before it {(IMPORTED_AT - started) * 1000 if started else 0:.0f} ms: interpreter, "
            f"command line, data file check; Textual and board import "
            f"{self.import_seconds * 1000:.0f} ms; mount to frame "
            f"{(now - self._mounted_at) * 1000:.0f} ms)"
        )

    # -- keeping up with the data file

    def reload(self) -> None:
        """Read the board's data again in a worker thread; the cards update in place. Not while
        a change is pending: it reads the board again itself once it is done."""
        if self.board is None or pending_writes(self):
            return
        board = self.board
        seq = self._next_load()

        async def show(data: BoardData) -> None:
            if seq == self._load_shown:  # nothing newer was shown in between
                await board.show_async(data)

        def shown(data: BoardData) -> None:
            if self._newest(seq):
                self.reloads += 1
                self.call_later(show, data)

        def failed(exc: LakipError) -> None:
            self.notify(error_text(exc), title="Gagal memuat data", severity="error", markup=False)

        run_store(board, lambda: load_board(self.ctx, self.year), shown, failed, writes=False)

    def act(self, do: Callable[[], Report], then: Callable[[BoardData], None]) -> None:
        """Run a use case that changes the report in a worker thread (keys keep working; a wait
        for the lock says who holds it; Esc gives it up); then show the new data, focus the new
        current step and call ``then``. A refusal becomes a dialog."""
        assert self.board is not None
        board = self.board
        seq = self._next_load()

        def work() -> BoardData:
            do()
            return load_board(self.ctx, self.year)

        def done(data: BoardData) -> None:
            if self._newest(seq):
                board.show(data)
            if data.current is not None:
                board.focus_step(data.current)
            then(data)

        def failed(exc: LakipError) -> None:
            self.show_error(error_text(exc))
            self.reload()

        run_store(board, work, done, failed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_store_work":  # Esc is the screen's own unless a change is pending
            return bool(pending_writes(self))
        return True

    def get_key_display(self, binding: Binding) -> str:
        return self.term.glyphs.key(super().get_key_display(binding))

    def _next_load(self) -> int:
        self._loads_started += 1
        return self._loads_started

    def _newest(self, seq: int) -> bool:
        """Whether a load started as number ``seq`` is newer than what the board shows (loads
        run in threads and may finish out of order: an older read never hides a newer one)."""
        if seq < self._load_shown:
            return False
        self._load_shown = seq
        return True

    def action_cancel_store_work(self) -> None:
        """Esc while a change waits for the data lock: give it up (nothing is changed)."""
        cancel_store_work(self)

    def show_error(self, message: str) -> None:
        self.push_screen(MessageDialog("Tidak dapat dilakukan", message))

    # -- help, palette, quit

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        title = getattr(self.screen, "HELP_TITLE", "")
        if not title and not isinstance(self.screen, BoardScreen):
            title = "layar ini"
        self.push_screen(HelpScreen(help_rows(self, self.screen.active_bindings), title))

    def action_command_palette(self) -> None:
        if not Palette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(placeholder="Cari perintah (mis. langkah, data)..."))

    def action_quit_hint(self) -> None:
        self.notify("Tekan q untuk keluar dari papan.", markup=False)

    async def action_quit(self) -> None:
        # a change still waiting for the lock is given up: the process would otherwise wait
        # for its thread (up to the lock timeout) after the screen is gone
        cancel_store_work(self)
        self.exit(0)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        board = self.board
        if board is not None and screen is board:
            seen: set[str] = set()
            for binding in board.BINDINGS:
                assert isinstance(binding, Binding)
                if binding.id is None or binding.action in seen:
                    continue
                seen.add(binding.action)
                category = CATEGORIES.get(binding.id.split(".")[0], "Lain")
                title = binding.description
                if binding.action.startswith("jump("):
                    number = action_params(binding.action)[0]
                    if not any(s.number == number for s in board.data.sop.steps):
                        continue
                    title = f"ke langkah {number}"
                keys = binding.key_display or binding.key
                yield SystemCommand(
                    f"{category}: {title[0].lower()}{title[1:]}",
                    f"{binding.tooltip or binding.description} (tombol {keys})",
                    _runner(board, binding.action),
                )
        yield SystemCommand(
            "Aplikasi: bantuan tombol", "Daftar semua tombol (F1 atau ?)", self.action_help
        )
        yield SystemCommand("Aplikasi: keluar", "Tutup papan (q)", self.action_quit)


def _runner(board: BoardScreen, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await board.run_or_explain(action)

    return run
