"""The regency's roll-up board (``lakip rekap FOLDER --tui``): read only, no office data file.

Three tables of ``models.rekap`` (ketepatan waktu, kinerja, indikator bersama per kode), one at a
time, chosen with 1, 2, 3 (or Tab); the packages left out are named above them. Offices are shown
by their short name so that every table fits 80 columns; the highlighted row's full name and file
are shown below the table.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from models.paket import Paket
from models.rekap import (
    PERCENT_HEADERS,
    PREDIKAT_SHORT,
    Rekap,
    cell_text,
)
from tui.term import Terminal, detect
from tui.term import apply as apply_terminal
from tui.text import safe

VIEWS = ("Ketepatan waktu", "Kinerja", "Indikator bersama", "Tidak dihitung")
SHOWN_MESSAGES = 2  # packages left out named above the tables; all of them in view 4


def _short(p: Paket) -> str:
    return p.office_short or p.office


def view_rows(rekap: Rekap, view: int) -> tuple[tuple[str, ...], list[tuple[str, ...]], list[str]]:
    """Headers, rows (text) and each row's detail line of one view."""
    heads: tuple[str, ...]
    rows: list[tuple[str, ...]]
    details: list[str]
    if view == 0:
        heads = ("Kantor", "Thn", "Langkah", "Tgl TTD", "Tgl kirim", "HK", "Keadaan")
        rows = [
            (_short(r.paket), str(r.paket.year), r.paket.step_text, cell_text(r.paket.signed_on),
             cell_text(r.paket.sent_on), cell_text(r.days_late), r.state)
            for r in rekap.timeliness
        ]  # fmt: skip
        details = [f"{r.paket.office} ({r.name})" for r in rekap.timeliness]
        return heads, rows, details
    if view == 1:
        labels = rekap.predikat_labels
        heads = ("Kantor", "Ind", *(PREDIKAT_SHORT.get(x, x) for x in labels), "Capaian",
                 "Serapan", "Efisiensi")  # fmt: skip
        rows = []
        for _, p in rekap.packages:
            counts = dict(p.per_predikat)
            rows.append(
                (_short(p), str(len(p.indicators)), *(str(counts.get(x, 0)) for x in labels),
                 *(cell_text(v, percent=True) for v in (p.mean_capaian, p.serapan, p.efficiency)))
            )  # fmt: skip
        legend = "ST Sangat Tinggi, T Tinggi, S Sedang, R Rendah, SR Sangat Rendah"
        details = [f"{p.office} ({name})\n{legend}" for name, p in rekap.packages]
        return heads, rows, details
    if view == 3:
        heads = ("Berkas", "Alasan")
        rows = [
            (r.name, f"ganda, yang dihitung {r.duplicate_of}" if r.duplicate_of else r.reason)
            for r in rekap.rejected
        ]
        return heads, rows, rekap.messages()
    heads = ("Kode", "Kantor", "Target", "Realisasi", "Capaian", "Predikat")
    rows, details = [], []  # one table, grouped by code
    short = {p.office: _short(p) for _, p in rekap.packages}
    for table in rekap.by_code:
        for r in table.rows:
            i = r.indicator
            rows.append(
                (table.code, short.get(r.office, r.office), cell_text(i.target, satuan=i.satuan),
                 cell_text(i.realisasi, satuan=i.satuan), cell_text(i.capaian, percent=True),
                 i.predikat)
            )  # fmt: skip
            details.append(f"{table.code} {i.name} ({i.satuan}): {r.office}")
    return heads, rows, details


class RekapScreen(Screen[None]):
    """Read only: the roll-up is made again by running the command again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "view(0)", "Ketepatan", id="rekap.ketepatan"),
        Binding("2", "view(1)", "Kinerja", id="rekap.kinerja"),
        Binding("3", "view(2)", "Per kode", id="rekap.per_kode"),
        Binding("4", "view(3)", "Tidak dihitung", id="rekap.tidak_dihitung"),
        Binding("tab", "next_view", "Tabel berikut", show=False, id="rekap.berikut"),
        Binding("escape,q", "quit", "Keluar", id="rekap.keluar"),
    ]

    DEFAULT_CSS = """
    RekapScreen #rekap-title { height: auto; max-height: 6; }
    RekapScreen DataTable { height: 1fr; }
    RekapScreen #rekap-detail { height: 2; }
    RekapScreen #rekap-keys { dock: bottom; height: 1; }
    """

    def __init__(self, rekap: Rekap) -> None:
        super().__init__(id="rekap")
        self.rekap = rekap
        self.view = 0
        self._details: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="rekap-title")
        yield DataTable(id="rekap-table", cursor_type="row", zebra_stripes=False)
        yield Static(id="rekap-detail")
        yield Static(id="rekap-keys")

    def on_mount(self) -> None:
        self._show()
        self.query_one(DataTable).focus()

    def _title(self) -> Text:
        r = self.rekap
        years = ", ".join(str(y) for y in r.years) or "-"
        due = cell_text(r.due) if r.due else "tidak ditetapkan"
        out = Text(f"Rekap LAKIP {years}: {len(r.packages)} paket dihitung, ", style="bold")
        out.append(f"{len(r.rejected)} tidak dihitung", style="bold")
        out.append(f"; jatuh tempo {due}\n")
        messages = r.messages()
        for message in messages[:SHOWN_MESSAGES]:
            out.append(safe(message) + "\n")
        if len(messages) > SHOWN_MESSAGES:
            out.append(f"... dan {len(messages) - SHOWN_MESSAGES} lainnya (tombol 4)\n")
        tabs = Text()
        for k, name in enumerate(VIEWS):
            label = f" {k + 1} {name} "
            tabs.append(f"[{label.strip()}]" if k == self.view else label,
                        style="bold reverse" if k == self.view else "")  # fmt: skip
            tabs.append(" ")
        out.append_text(tabs)
        return out

    def _show(self) -> None:
        heads, rows, self._details = view_rows(self.rekap, self.view)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        numeric = {"Thn", "HK", "Ind", "Target", "Realisasi", *PERCENT_HEADERS,
                   *PREDIKAT_SHORT.values()}  # fmt: skip
        widths = [max([len(h), *(len(r[k]) for r in rows)]) for k, h in enumerate(heads)]
        table.add_columns(
            *(h.rjust(w) if h in numeric else h for h, w in zip(heads, widths, strict=True))
        )
        for row in rows:  # numbers right-aligned: padded to the column's width
            table.add_row(
                *(Text(safe(v).rjust(w) if h in numeric else safe(v))
                  for v, h, w in zip(row, heads, widths, strict=True))
            )  # fmt: skip
        self.query_one("#rekap-title", Static).update(self._title())
        keys = Text(no_wrap=True, overflow="ellipsis")
        for key, label in (("1", "Ketepatan"), ("2", "Kinerja"), ("3", "Per kode"),
                           ("4", "Tidak dihitung"), ("q", "Keluar")):  # fmt: skip
            keys.append(f" {key} ", style="bold reverse")
            keys.append(f" {label}  ")
        self.query_one("#rekap-keys", Static).update(keys)
        if not rows:
            empty = (
                "Tidak ada paket yang dihitung.",
                "Tidak ada paket yang dihitung.",
                "Tidak ada kode indikator yang dipakai lebih dari satu kantor.",
                "Semua paket lolos pemeriksaan.",
            )
            self.query_one("#rekap-detail", Static).update(empty[self.view])
        else:
            self._detail(0)

    def _detail(self, row: int) -> None:
        if self._details:
            text = self._details[min(row, len(self._details) - 1)]
            self.query_one("#rekap-detail", Static).update(Text(safe(text)))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def action_view(self, view: int) -> None:
        self.view = view
        self._show()

    def action_next_view(self) -> None:
        self.action_view((self.view + 1) % len(VIEWS))

    def action_quit(self) -> None:
        self.app.exit(0)


class RekapApp(App[int], inherit_bindings=False):
    """The roll-up board: one read-only screen."""

    TITLE = "Rekap LAKIP"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", show=False, system=True),
    ]

    def __init__(self, rekap: Rekap, *, term: Terminal | None = None) -> None:
        super().__init__()
        self.rekap = rekap
        self.term = term or detect()
        self.animation_level = "none"
        apply_terminal(self, self.term)

    def get_default_screen(self) -> Screen[Any]:
        return RekapScreen(self.rekap)


def run_rekap_board(rekap: Rekap, *, plain: bool = False) -> int:
    app = RekapApp(rekap, term=detect(plain))
    app.run()
    return int(app.return_code or 0)
