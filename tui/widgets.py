"""Small pieces shared by the screens: toggles whose state shows in text, not only colour, and
``QuietFocus``, the focus of every screen of ours without a full repaint."""

from __future__ import annotations

from typing import Any

from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Checkbox, RadioButton


class QuietFocus:
    """Mixin for every Screen of ours (put it before ``Screen``): moving the focus repaints only
    the widgets whose look changes.

    Textual declares ``Screen.focused`` with ``repaint=True``, so each focus move repaints the whole
    screen: in an 80x24 terminal about 11 KB for one key, a second per key on a 64 kbit/s link.
    The widgets that gain and lose focus refresh themselves (``:focus`` styles) anyway."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


class _Marked:
    """Mixin for Textual toggles: draw ``MARK`` inside the button only when it is on
    (Textual's on and off buttons differ by colour alone)."""

    MARK = "x"
    BUTTON_INNER: str
    value: bool

    def on_mount(self) -> None:
        self._mark()

    def watch_value(self) -> None:
        self._mark()
        parent: Any = super()
        parent.watch_value()

    def _mark(self) -> None:
        self.BUTTON_INNER = self.MARK if self.value else " "
        widget: Any = self
        widget.refresh()


class MarkedCheckbox(_Marked, Checkbox):
    MARK = "x"


class MarkedRadioButton(_Marked, RadioButton):
    MARK = "\u25cf"
