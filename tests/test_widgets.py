from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from textual.app import App, ComposeResult
from textual.widgets import RadioSet

from tui.term import Terminal
from tui.widgets import MarkedCheckbox, MarkedRadioButton


class _Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("PDF", id="pdf")
        with RadioSet():
            yield MarkedRadioButton("LAKIP", value=True, id="a")
            yield MarkedRadioButton("Surat", id="b")


def _text(app: App[None], selector: str) -> str:
    return str(app.query_one(selector).render())


async def test_toggle_state_is_shown_as_text_not_only_colour() -> None:
    app = _Toggles()
    async with app.run_test(size=(40, 10)) as pilot:
        assert "x" not in _text(app, "#pdf")
        assert "●" in _text(app, "#a") and "●" not in _text(app, "#b")
        app.query_one("#pdf", MarkedCheckbox).toggle()
        app.query_one("#b", MarkedRadioButton).value = True
        await pilot.pause()
        assert "x" in _text(app, "#pdf")
        assert "●" in _text(app, "#b") and "●" not in _text(app, "#a")


class _AsciiToggles(_Toggles):
    term = Terminal(ascii=True)


async def test_toggles_on_an_ascii_terminal_have_bracket_sides() -> None:
    app = _AsciiToggles()
    async with app.run_test(size=(40, 10)) as pilot:
        app.query_one("#pdf", MarkedCheckbox).toggle()
        await pilot.pause()
        assert _text(app, "#pdf").startswith("[x]"), _text(app, "#pdf")
        assert _text(app, "#b").startswith("[ ]"), _text(app, "#b")
