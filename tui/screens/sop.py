"""The SOP reference and the plan of the year.

User-entered text is always shown as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.sop import Sop
from tui.base import KeyBar
from tui.screens.frames import Closable
from tui.text import safe


def sop_text(sop: Sop) -> Text:
    h = sop.header
    out = Text()
    out.append(f"SOP {h.nomor or '(nomor SOP kantor belum dicatat)'}\n", style="bold reverse")
    out.append(f"{h.judul}\n{h.instansi or '-'}\n", style="bold")
    out.append(
        f"Dibuat {h.tanggal_pembuatan}; revisi {h.tanggal_revisi}; disahkan "
        f"{h.tanggal_pengesahan} oleh {h.disahkan_oleh}\n"
    )
    for label, items in (
        ("Dasar hukum", h.dasar_hukum),
        ("Kualifikasi pelaksana", h.kualifikasi),
        ("Keterkaitan", h.keterkaitan),
        ("Peralatan/perlengkapan", h.peralatan),
        ("Peringatan", h.peringatan),
        ("Pencatatan dan pendataan", h.pencatatan),
    ):
        out.append(f"\n{label}\n", style="bold")
        for k, item in enumerate(items, start=1):
            out.append(f"  {k}. {item}\n")
        if not items:
            out.append("  -\n")
    out.append("\nUraian prosedur\n", style="bold")
    for s in sop.steps:
        back = " (dapat mengembalikan)" if s.can_return else ""
        out.append(f"{s.number:>2}. [{s.role.label}] ", style="bold")
        out.append(f"{s.title}{back}\n")
        out.append(
            f"    kelengkapan: {s.kelengkapan}; waktu: {s.standard}; output: {s.output}; "
            f"keterkaitan: {s.keterkaitan or '-'}\n"
        )
    return out


class SopScreen(Closable):
    HELP_TITLE = "SOP"

    def __init__(self, sop: Sop, plan: tuple[str, ...] = ()) -> None:
        super().__init__(id="sop")
        self.sop = sop
        self.plan = plan  # the year's plan: each step's expected start and end

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="sop-scroll"):
            yield Static(sop_text(self.sop))
            if self.plan:
                plan = Text("\n" + self.plan[0] + "\n", style="bold")
                plan.append(safe("\n".join(self.plan[1:])))
                yield Static(plan, id="sop-plan")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#sop-scroll").focus()
