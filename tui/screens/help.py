"""Help: every key of the screen below, built from its live bindings.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.base import KeyBar, in_indonesian, key_display
from tui.screens.frames import CLOSE_BINDINGS, Closable

HELP_NOTES = (
    "Tanda status kartu: [v] Selesai  [>] Berjalan  [ ] Belum  [<] Dikembalikan.",
    "Kartu terpilih bertanda > n < di garis atasnya; * di judul kolom = pemegang langkah.",
    "Lompat langkah: 1-9 ke langkah 1-9, 0 ke langkah 10, - (minus) ke langkah 11.",
    "Huruf besar (I, N, U, T, R) ditekan dengan Shift: Shift+i untuk I.",
    "Tombol yang tidak dapat Anda pakai tampil redup; tekan untuk tahu sebabnya.",
    "Papan memperbarui diri sendiri bila orang lain mengubah data (dalam 1-2 detik).",
    "Palet perintah: ctrl+p atau : (titik dua), lalu ketik mis. 'langkah' atau 'data'.",
)


OWN = "Layar ini"
GENERAL = "Umum"  # Textual's keys of every screen: focus, copy
_GENERAL_ACTIONS = frozenset({"focus_next", "focus_previous", "copy_text"})


def help_rows(
    app: App[Any], active: Mapping[str, ActiveBinding]
) -> list[tuple[str, str, str, bool]]:
    """(category, keys, description, enabled) for each action of the live bindings, keys of the
    same action and description merged (e.g. ``← / h``); the screen's own keys ("Layar ini")
    first, then the board's categories in their order, Textual's general keys last."""
    from tui.screens.board import CATEGORIES

    rows: dict[tuple[str, str], list[Any]] = {}
    for binding_active in active.values():
        b = binding_active.binding
        if b.system or not b.description:
            continue
        prefix = (b.id or "lain").split(".")[0]
        action = b.action.split("(")[0]
        general = action.rsplit(".", 1)[-1] in _GENERAL_ACTIONS
        category = GENERAL if general else CATEGORIES.get(prefix, OWN)
        key = (category, b.description if action == "jump" else f"{action}|{b.description}")
        display = key_display(app, b)
        if not display:
            continue
        if key in rows:
            shown = {part for d in rows[key][1] for part in d.split("/")}
            if display not in shown:  # "?" is already in "F1/?"
                rows[key][1].append(display)
            rows[key][3] = rows[key][3] or binding_active.enabled
        else:
            description = in_indonesian(b.description)
            # the screen's own keys before those of the widget in focus (a table's cursor keys)
            rank = 0 if isinstance(binding_active.node, Screen) else 1
            rows[key] = [category, [display], description, binding_active.enabled, rank]
    order = [OWN, *CATEGORIES.values(), GENERAL]
    ranked = sorted(
        rows.values(),
        key=lambda r: (order.index(r[0]) if r[0] in order else len(order), r[4]),
    )
    return [
        (c, " / ".join(keys) if len(keys) < 4 else " ".join(keys), d, e)
        for c, keys, d, e, _rank in ranked
    ]


class HelpScreen(Closable):
    """Every key of the screen it was opened from, from the live bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("f1", "close", "Tutup bantuan", show=False, id="bantuan.tutup"),
        Binding("question_mark", "close", "Tutup bantuan", show=False, id="bantuan.tutup_tanya"),
    ]

    def __init__(self, rows: list[tuple[str, str, str, bool]], title: str = "") -> None:
        super().__init__(id="help")
        self.rows = rows
        self.title = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self.render_text(), id="help-text")
        yield KeyBar()

    def render_text(self) -> Text:
        out = Text()
        out.append(f"Bantuan: tombol {self.title or 'papan LAKIP'}\n", style="bold reverse")
        category = ""
        for cat, keys, desc, enabled in self.rows:
            if cat != category:
                category = cat
                out.append(f"{cat}\n", style="bold")
            line = f"  {keys:<16} {desc}"
            out.append(
                line + ("" if enabled else "  (tidak tersedia bagi Anda sekarang)") + "\n",
                style="" if enabled else "dim",
            )
        if not self.title:  # the notes tell the board's cards and keys
            out.append("\n")
            for note in HELP_NOTES:
                out.append(note + "\n")
        return out

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
