"""What the pilot tests of single screens share: a host app that opens one screen, and readers
of what the screen shows."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Static

S = TypeVar("S", bound=Screen[Any])


class Host(App[None]):
    """An app whose only screen (over the default one) is ``screen``."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


def row_of(table: DataTable[Any], code: str) -> dict[str, str]:
    """The row of ``code`` as {column label: text}: only the columns the width shows."""
    labels = [str(c.label) for c in table.ordered_columns]
    for key in table.rows:
        cells = [str(c) for c in table.get_row(key)]
        if cells[0] == code:
            return dict(zip(labels, cells, strict=True))
    raise AssertionError(f"{code} not in table")


def detail_of(app: App[Any]) -> str:
    return str(app.screen.query_one("#detail", Static).render())


async def type_text(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


def messages(app: App[Any]) -> list[str]:
    """What the app notified so far, oldest first."""
    return [n.message for n in app._notifications]


async def open_screen(pilot: Any, kind: type[S], *keys: str) -> S:
    """Press ``keys``; the screen they opened, which must be a ``kind``."""
    await pilot.press(*keys)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen
