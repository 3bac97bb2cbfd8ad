"""A bare Textual app with as many widgets as the board (header, 4 columns of titled bordered
cards, footer): the yardstick for the board's start-up time and memory in bench_board.py.

Run: ``python benchmarks/bare_board.py``; with LAKIP_STARTUP_LOG=path it appends its first-frame
time like the board does. ``q`` quits.
"""

from __future__ import annotations

import os
import time

T0 = time.monotonic()

from typing import ClassVar  # noqa: E402

from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import BindingType  # noqa: E402
from textual.containers import Horizontal, Vertical  # noqa: E402
from textual.widgets import Footer, Static  # noqa: E402

COLUMNS = {
    "Kepala Dinas": (1, 9),
    "Sekretaris": (7, 8),
    "Kasubbag": (2, 5, 10),
    "Staf": (3, 4, 6, 11),
}


class Card(Static, can_focus=True):
    DEFAULT_CSS = (
        "Card { height: auto; border: round $secondary; } Card:focus { border: heavy $accent; }"
    )


class BareBoard(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Keluar")]
    CSS = "#header { height: 3; } .column { width: 1fr; height: 1fr; } #columns { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Static("LAKIP 2025\nLangkah 7/11\nAnda", id="header")
        with Horizontal(id="columns"):
            for title, steps in COLUMNS.items():
                with Vertical(classes="column"):
                    yield Static(title)
                    for n in steps:
                        card = Card(f"Langkah {n}\n[ ] Belum")
                        card.border_title = str(n)
                        yield card
        yield Footer()

    def on_mount(self) -> None:
        self.animation_level = "none"
        self.call_after_refresh(self._log)

    def _log(self) -> None:
        path = os.environ.get("LAKIP_STARTUP_LOG")
        if path:
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"bare first frame: {(time.monotonic() - T0) * 1000:.0f} ms since import\n")


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    BareBoard().run()
