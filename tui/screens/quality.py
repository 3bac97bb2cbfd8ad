"""The quality gate on the board: the blocking items and warnings ``lakip periksa`` lists, each
with where to fix it, read through ``usecases.quality`` in a worker (again when the data file
changes).

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.errors import LakipError, error_text
from tui.base import KeyBar, run_store
from tui.screens.frames import CLOSE_BINDINGS, Closable
from tui.text import safe
from usecases.context import Context

if TYPE_CHECKING:
    from usecases.quality import QualityReport


def quality_text(q: QualityReport) -> Text:
    out = Text(f"Pemeriksaan mutu LAKIP {q.year}: {q.summary}\n", style="bold")
    if q.blocking:
        out.append(
            "Langkah 9 (tanda tangan Kepala Dinas) menolak selama ada penghalang; admin dapat "
            "melewatinya dengan alasan yang dicatat.\n"
        )
    for title, group in (("Penghalang", q.blocking), ("Peringatan", q.warnings)):
        if not group:
            continue
        out.append(f"\n{title} ({len(group)}):\n", style="bold")
        for f in group:
            out.append(safe(f"  - {f.what}") + "\n")
            out.append(safe(f"    perbaiki: {f.where}") + "\n")
    if not q.findings:
        out.append("\nTidak ada temuan: LAKIP siap ditandatangani.\n")
    return out


class QualityScreen(Closable):
    """What would stop the Kepala Dinas from signing, and what asks for a second look."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("f5,m", "reload", "Muat ulang", id="mutu.muat_ulang"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(id="quality")
        self.ctx = ctx
        self.year = year

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quality-scroll"):
            waiting = Text(f"Pemeriksaan mutu LAKIP {self.year}: memeriksa ...")
            yield Static(waiting, id="quality-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#quality-scroll").focus()
        self.load()
        self.follow_data(self.ctx)  # read again when the data changes (now, or when shown again)

    def load(self) -> None:
        from usecases.quality import check_quality

        def shown(q: QualityReport) -> None:
            self.query_one("#quality-text", Static).update(quality_text(q))

        def failed(exc: LakipError) -> None:
            self.query_one("#quality-text", Static).update(Text(error_text(exc)))

        run_store(self, lambda: check_quality(self.ctx, self.year), shown, failed, writes=False)

    def action_reload(self) -> None:
        self.load()
