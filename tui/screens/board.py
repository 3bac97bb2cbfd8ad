"""The board: one column per role holding the cards of the SOP steps that role performs.

``BoardScreen`` is the kanban and its keys; ``StepCard`` and ``RoleColumn`` its widgets.
Everything the board shows comes from one ``BoardData`` read of the store
(``usecases.board.load_board``); a refresh updates the cards in place, so focus never moves by
itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from models.domain import StepState
from models.errors import LakipError, error_text
from models.numbers import OfficeZone, format_datetime
from models.sop import Role
from tui.base import KeyBar, LakipScreen, data_watcher, run_store
from tui.text import (
    projection_short,
    safe,  # user names and notes: escapes made visible
)
from usecases.board import BoardData, StepView

if TYPE_CHECKING:
    from tui.app import LakipApp

ADMIN_ACTIONS = {
    "users": "mengelola pengguna",
    "new_year": "membuat laporan tahun baru",
    "reopen": "membuka kembali laporan yang sudah ditandatangani",
}
ACTION_ERRORS = (LakipError,)  # the refusals; anything else is a defect
WIDE_WIDTH = 100  # from this width cards show full titles and who finished them
NARROW_WIDTH = 76  # below this width the board uses two columns
TALL_HEIGHT = 50  # wide and this tall: cards show the full SOP title

CATEGORIES = {
    "langkah": "Langkah",
    "navigasi": "Navigasi",
    "lihat": "Lihat",
    "data": "Data",
    "dokumen": "Dokumen",
    "admin": "Admin",
    "aplikasi": "Aplikasi",
}


def short_time(dt: datetime, zone: OfficeZone) -> str:
    """The time without its zone label: the cards are narrow (the step detail shows it)."""
    return format_datetime(dt, zone).removesuffix(f" {zone.label}")


# -- widgets ------------------------------------------------------------------------------------


class StepCard(Static, can_focus=True):
    """One SOP step: number in the border, title, state marker; elapsed time when current."""

    def __init__(self, view: StepView) -> None:
        super().__init__(id=f"step-{view.step.number}", classes="card")
        self.number = view.step.number
        self.view = view
        self._key: tuple[Any, ...] = ()

    def on_mount(self) -> None:
        self._set_title(self.has_focus)

    def on_focus(self) -> None:
        self._set_title(True)

    def on_blur(self) -> None:
        self._set_title(False)

    def _set_title(self, focused: bool) -> None:
        self.border_title = f"> {self.number} <" if focused else str(self.number)

    def show(self, view: StepView, data: BoardData, detail: int) -> None:
        """Update the card in place; repaint only when what it shows has changed.

        ``detail`` 0: short title and state (80x24); 1: also who finished it and when, one line
        each; 2: the full SOP title too (wide and tall terminals)."""
        self.view = view
        e = data.pos.elapsed if view.current else None
        lines = [view.step.title if detail >= 2 else view.step.short]
        lines.append(f"{view.state.marker} {view.state.label}")
        if data_line := data.data_line(view.step.number, short=detail == 0):
            lines.append(data_line)
        subtitle = ""
        if view.current and e is not None:
            lines.append(e.text)
            lines.append(f"dari {e.standard_text}")
            subtitle = "TERLAMBAT" if e.late else "tepat waktu"
            if detail:
                holders = ", ".join(u.name or u.account for u in data.pos.holders)
                if data.pos.since is not None:
                    lines.append(f"sejak {short_time(data.pos.since, data.zone)}")
                lines.append(f"pemegang: {holders or '-'}")
        elif detail and view.passes:
            last = view.passes[-1]
            if last.finished_at is not None:
                verb = "dikembalikan" if view.state is StepState.DIKEMBALIKAN else "oleh"
                lines.append(f"{verb} {data.name_of(last.finished_by)}")
                lines.append(short_time(last.finished_at, data.zone))
            if len(view.passes) > 1:
                lines.append(f"{len(view.passes)} kali dikerjakan")
        elif view.state is StepState.DIKEMBALIKAN and view.passes:
            to = view.passes[-1].return_to
            if to:
                lines.append(f"ke langkah {to}")
        key = (tuple(lines), subtitle, detail, view.state, view.current)
        self.set_class(detail < 2, "-compact")
        self.set_class(view.current, "-current")
        self.set_class(e is not None and e.late, "-late")
        self.set_class(view.state is StepState.SELESAI, "-done")
        self.set_class(view.state is StepState.DIKEMBALIKAN, "-returned")
        if key == self._key:
            return
        self._key = key
        self.border_subtitle = subtitle
        text = Text(safe("\n".join(lines)))
        text.stylize("bold", 0, len(safe(lines[0])))
        self.update(text)


class RoleColumn(Vertical):
    """The cards of one role, in SOP order."""

    def __init__(self, role: Role, steps: tuple[StepView, ...]) -> None:
        super().__init__(id=f"col-{role.value}", classes="column")
        self.role = role
        self.views = steps

    def compose(self) -> ComposeResult:
        yield Static(Text(self.role.label, no_wrap=True, overflow="ellipsis"), classes="col-title")
        for v in self.views:
            yield StepCard(v)

    def show(self, data: BoardData) -> None:
        mine = data.user is not None and data.user.role is self.role
        holds = data.pos.step is not None and data.pos.step.role is self.role
        label = self.role.label + (" (Anda)" if mine else "")
        title = Text(("* " if holds else "") + label, no_wrap=True, overflow="ellipsis")
        self.query_one(".col-title", Static).update(title)
        self.set_class(holds, "-holder")


class BoardHeader(Static):
    """Year, office, where the report sits and who holds it, and who you are."""

    def show(self, data: BoardData) -> None:
        line1 = f"LAKIP {data.year} | {data.office}"
        plan = projection_short(data.projection) if data.projection else ""
        if plan:  # before the office's name: it is what a narrow terminal must still show
            line1 = f"LAKIP {data.year} | {plan} | {data.office}"
        if data.demo:
            line1 += " | DATA CONTOH"
        if data.report.frozen:
            line1 += " | DIKUNCI (sudah ditandatangani)"
        pos = data.pos
        if pos.finished or pos.step is None:
            line2 = f"Selesai: {data.sop.last} dari {data.sop.last} langkah tuntas."
        else:
            holders = ", ".join(u.name or u.account for u in pos.holders) or "belum ada pengguna"
            late = " TERLAMBAT" if pos.elapsed and pos.elapsed.late else ""
            back = f" (dikembalikan dari {pos.returned_from})" if pos.returned_from else ""
            line2 = (
                f"Langkah {pos.step.number}/{data.sop.last} {pos.step.short}{late}{back} - "
                f"{pos.step.role.label}: {holders}"
            )

        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(safe(line1) + "\n", style="bold")
        if pos.turn_of(data.user):
            text.append("GILIRAN ANDA", style="bold reverse")
            text.append(" ")
        text.append(safe(line2) + "\n")
        if data.warning:  # said before anything else on the third line: the times are wrong
            text.append(safe(f"PERHATIAN: {data.warning}"), style="reverse")
        elif not data.known:
            text.append(
                f"HANYA LIHAT: akun '{data.account}' belum terdaftar; minta admin menambahkan.",
                style="reverse",
            )
        elif data.file_read_only:
            text.append("HANYA LIHAT: berkas data tidak dapat ditulis akun ini.", style="reverse")
        elif data.archived:
            text.append(f"HANYA LIHAT: tahun {data.year} diarsipkan.", style="reverse")
        else:
            u = data.user
            assert u is not None
            role = u.role.label if u.role else "tanpa peran"
            admin = ", admin" if u.is_admin else ""
            text.append(safe(f"Anda: {data.account} - {u.name or data.account}, {role}{admin}"))
        self.update(text)


# -- the board screen ---------------------------------------------------------------------------


def _jump_bindings() -> list[Binding]:
    keys = [*(str(n) for n in range(1, 10)), "0", "minus"]
    shown = [*(str(n) for n in range(1, 10)), "0", "-"]
    return [
        Binding(
            key,
            f"jump({n})",
            "Lompat ke langkah (0 = 10, - = 11)",
            show=False,
            key_display=disp,
            id=f"navigasi.langkah_{n}",
        )
        for n, (key, disp) in enumerate(zip(keys, shown, strict=True), start=1)
    ]


class BoardScreen(LakipScreen, Screen[None]):
    """The kanban of the SOP steps, and the keys that act on the report."""

    AUTO_FOCUS = None  # focus goes to the focused step's card, never to the first widget

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_step", "Buka", id="langkah.buka", tooltip="Rincian langkah"),
        Binding(
            "s", "complete", "Selesai", id="langkah.selesai", tooltip="Selesaikan langkah berjalan"
        ),
        Binding(
            "r",
            "send_back",
            "Kembalikan",
            id="langkah.kembalikan",
            tooltip="Kembalikan laporan ke langkah sebelumnya (dari 7, 8, 9)",
        ),
        Binding("t", "switch_year", "Tahun", id="lihat.tahun", tooltip="Ganti tahun laporan"),
        Binding("left,h", "move('left')", "Kolom kiri", show=False, id="navigasi.kiri"),
        Binding("right,l", "move('right')", "Kolom kanan", show=False, id="navigasi.kanan"),
        Binding("up,k", "move('up')", "Kartu atas", show=False, id="navigasi.atas"),
        Binding("down,j", "move('down')", "Kartu bawah", show=False, id="navigasi.bawah"),
        Binding("c", "jump_current", "Ke langkah berjalan", show=False, id="navigasi.berjalan"),
        *_jump_bindings(),
        Binding("u", "audit", "Jejak audit", show=False, id="lihat.audit"),
        Binding("o", "sop", "Rujukan SOP", show=False, id="lihat.sop"),
        Binding("i", "indicators", "Indikator kinerja", show=False, id="data.indikator"),
        Binding("a", "budget", "Anggaran", show=False, id="data.anggaran"),
        Binding("b", "bidang", "Bidang dan penyerahan data", show=False, id="data.bidang"),
        Binding("g", "tunggakan", "Tunggakan data bidang", show=False, id="data.tunggakan"),
        Binding("p", "profile", "Profil instansi", show=False, id="data.profil"),
        Binding("n", "narrative", "Narasi laporan", show=False, id="data.narasi"),
        Binding("e", "export", "Ekspor dokumen", show=False, id="dokumen.ekspor"),
        Binding(
            "v",
            "quality",
            "Pemeriksaan mutu",
            show=False,
            id="dokumen.mutu",
            tooltip="Penghalang dan peringatan sebelum tanda tangan (langkah 9)",
        ),
        Binding(
            "x",
            "export_forms",
            "Format data langkah 2",
            show=False,
            id="dokumen.format",
            tooltip="Buat format pengumpulan data, satu berkas XLSX per bidang",
        ),
        Binding(
            "K",
            "pk",
            "Perjanjian Kinerja",
            show=False,
            id="dokumen.pk",
            tooltip="Versi PK tahun ini (murni, perubahan): buat, ekspor, tanda tangan",
        ),
        Binding(
            "N",
            "number_letter",
            "Nomor surat pengantar",
            show=False,
            id="dokumen.nomor_surat",
            tooltip="Beri nomor surat pengantar dari register (langkah 10)",
        ),
        Binding(
            "I",
            "import_form",
            "Impor format data terisi",
            show=False,
            id="data.impor",
            tooltip="Impor berkas XLSX/CSV kiriman bidang: pratinjau, lalu simpan",
        ),
        Binding(
            "U",
            "users",
            "Pengguna",
            show=False,
            id="admin.pengguna",
            tooltip="Daftar pengguna; tambah, ubah peran, nonaktifkan",
        ),
        Binding(
            "T",
            "new_year",
            "Tahun baru",
            show=False,
            id="admin.tahun_baru",
            tooltip="Buat laporan tahun baru",
        ),
        Binding(
            "R",
            "reopen",
            "Buka kembali laporan",
            show=False,
            id="admin.buka_kembali",
            tooltip="Buka kembali laporan yang sudah ditandatangani (dengan alasan)",
        ),
        Binding("f5,m", "reload", "Muat ulang", show=False, id="aplikasi.muat_ulang"),
    ]

    DATA_SCREENS: ClassVar[dict[str, tuple[str, str]]] = {
        "indicators": ("tui.screens.indicators", "IndicatorsScreen"),
        "budget": ("tui.screens.budget", "BudgetScreen"),
        "bidang": ("tui.screens.bidang", "BidangScreen"),
        "profile": ("tui.screens.profile", "ProfileScreen"),
        "narrative": ("tui.screens.narrative", "NarrativeScreen"),
        "export": ("tui.screens.export", "ExportScreen"),
        "tunggakan": ("tui.screens.tunggakan", "TunggakanScreen"),
        "quality": ("tui.screens.quality", "QualityScreen"),
        "pk": ("tui.screens.pk", "PkScreen"),
    }

    def __init__(self, data: BoardData) -> None:
        super().__init__(id="board")
        self.data = data
        self.focused_step = data.current or 1
        self._map = data.role_map()
        self._detail = 0
        self._resumed = False
        # a refused completion's or return's typing: ((dialog, year, report revision), fields)
        self._kept: tuple[tuple[str, int, int] | None, dict[str, str]] = (None, {})

    @property
    def lakip(self) -> LakipApp:
        return cast("LakipApp", self.app)

    def compose(self) -> ComposeResult:
        yield BoardHeader(id="header")
        with Horizontal(id="columns"):
            yield from self._columns(self.data)
        yield KeyBar(id="keybar")

    def _columns(self, data: BoardData) -> Iterable[RoleColumn]:
        views = {v.step.number: v for v in data.steps}
        for role, numbers in data.role_map():
            yield RoleColumn(role, tuple(views[n] for n in numbers))

    def on_mount(self) -> None:
        watcher = data_watcher(self.app, self.lakip.ctx, self.lakip.poll_seconds)
        watcher.changed.subscribe(self, self._data_changed)
        self._fit(*self.app.size)
        self.show(self.data)
        self.focus_step(self.focused_step)
        self.call_after_refresh(self.lakip.log_startup)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(*self.app.size)

    def _fit(self, width: int, height: int) -> None:
        self.query_one("#columns").set_class(width < NARROW_WIDTH, "-narrow")
        detail = 0 if width < WIDE_WIDTH else (2 if height >= TALL_HEIGHT else 1)
        if detail != self._detail:
            self._detail = detail
            self.show(self.data)

    def on_screen_resume(self) -> None:
        if self._resumed:  # back from another screen: its changes, or others', show at once
            self.lakip.reload()
        self._resumed = True
        self.focus_step(self.focused_step)

    def _data_changed(self, _token: int) -> None:
        self.lakip.reload()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, StepCard):
            self.focused_step = event.widget.number

    # -- showing data

    async def show_async(self, data: BoardData) -> None:
        """Show new data; rebuilds the columns only when the office changed the step map."""
        if data.role_map() != self._map:
            self._map = data.role_map()
            columns = self.query_one("#columns", Horizontal)
            await columns.remove_children()
            await columns.mount_all(list(self._columns(data)))
            self.show(data)
            self.focus_step(self.focused_step)
            return
        self.show(data)

    def show(self, data: BoardData) -> None:
        self.data = data
        self.query_one(BoardHeader).show(data)
        views = {v.step.number: v for v in data.steps}
        for column in self.query(RoleColumn):
            column.show(data)
        for card in self.query(StepCard):
            if card.number in views:
                card.show(views[card.number], data, self._detail)
        self.refresh_bindings()
        self.query_one(KeyBar).show_keys()

    def card(self, number: int) -> StepCard | None:
        found = self.query(f"#step-{number}")
        return found.first(StepCard) if found else None

    def focus_step(self, number: int) -> None:
        card = self.card(number)
        if card is None:
            cards = list(self.query(StepCard))
            if not cards:
                return
            card = cards[0]
        self.focused_step = card.number
        card.focus()
        card.scroll_visible(animate=False)

    # -- keys that are refused say why

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "complete":
            return True if self.data.may_complete else None
        if action == "send_back":
            return True if self.data.return_refusal() is None else None
        if action == "jump":
            number = parameters[0] if parameters else 0
            return any(s.number == number for s in self.data.sop.steps)
        if action == "jump_current":
            return True if self.data.current is not None else None
        if action in ("export", "export_forms", "number_letter"):
            return True if self.data.known else None
        if action in ("import_form", "users", "new_year", "reopen"):
            return None if self.refusal(action) else True
        return True

    def refusal(self, action: str) -> str:
        data = self.data
        if action in ("export", "export_forms", "number_letter") and not data.known:
            return (
                f"Akun '{data.account}' belum terdaftar; ekspor dicatat di jejak audit, "
                "jadi hanya pengguna terdaftar yang boleh."
            )
        if action in ("import_form", "users", "new_year", "reopen") and data.file_read_only:
            return data.complete_refusal()
        if action == "import_form" and not data.known:
            return f"Akun '{data.account}' belum terdaftar; minta admin menambahkan."
        if action in ADMIN_ACTIONS and not data.is_admin:
            admins = ", ".join(
                f"{u.name or u.account} ({u.account})"
                for u in data.users.values()
                if u.is_admin and u.active
            )
            return (
                f"Hanya admin yang dapat {ADMIN_ACTIONS[action]}; akun Anda bukan admin. "
                f"Minta admin kantor: {admins or '-'}."
            )
        if action == "reopen" and not data.report.frozen:
            return (
                f"Laporan tahun {data.year} belum ditandatangani (tidak dikunci); datanya "
                "masih dapat diubah, tidak perlu dibuka kembali."
            )
        if action == "complete":
            return self.data.complete_refusal()
        if action == "send_back":
            return self.data.return_refusal() or ""
        if action == "jump_current":
            return f"Laporan tahun {self.data.year} sudah selesai; tidak ada langkah berjalan."
        return ""

    def on_key(self, event: events.Key) -> None:
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self:
            return
        action = active.binding.action.split("(")[0]
        why = self.refusal(action)
        if why:
            event.stop()
            event.prevent_default()
            self.notify(why, title="Tidak dapat dilakukan", severity="warning", markup=False)

    async def run_or_explain(self, action: str) -> None:
        """For the command palette: run an action, or say why it is not available."""
        name = action.split("(")[0]
        if self.check_action(name, action_params(action)) is not True:
            why = self.refusal(name) or "Aksi ini tidak tersedia sekarang."
            self.notify(why, title="Tidak dapat dilakukan", severity="warning", markup=False)
            return
        await self.run_action(action)

    # -- navigation

    def _columns_of_steps(self) -> list[list[int]]:
        return [list(numbers) for _, numbers in self._map]

    def action_move(self, direction: str) -> None:
        columns = self._columns_of_steps()
        here = self.focused_step
        ci = next((i for i, col in enumerate(columns) if here in col), 0)
        col = columns[ci]
        if direction in ("up", "down"):
            if not col:
                return
            ri = col.index(here) if here in col else 0
            ri = max(0, ri - 1) if direction == "up" else min(len(col) - 1, ri + 1)
            self.focus_step(col[ri])
            return
        step = -1 if direction == "left" else 1
        i = ci + step
        while 0 <= i < len(columns):
            if columns[i]:
                target = min(columns[i], key=lambda n: (abs(n - here), n))
                self.focus_step(target)
                return
            i += step

    def action_jump(self, number: int) -> None:
        self.focus_step(number)

    def action_jump_current(self) -> None:
        if self.data.current is not None:
            self.focus_step(self.data.current)

    # -- screens

    def action_open_step(self) -> None:
        from tui.screens.step_detail import StepDetailScreen

        self.app.push_screen(StepDetailScreen(self.lakip.ctx, self.data, self.focused_step))

    def action_switch_year(self) -> None:
        from tui.screens.year import YearScreen

        def chosen(year: int | None) -> None:
            if year is not None and year != self.data.year:
                self.lakip.year = year
                self.lakip.reload()
                self.notify(f"Menampilkan laporan tahun {year}.", markup=False)

        data = self.data
        picker = YearScreen(data.years, data.year, data.active_year, data.archived_years)
        self.app.push_screen(picker, chosen)

    def action_audit(self) -> None:
        from tui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.lakip.ctx, self.data.year))

    def action_sop(self) -> None:
        from tui.screens.sop import SopScreen
        from tui.text import plan_lines
        from usecases.reporting import sop_plan

        data = self.data
        plan = plan_lines(sop_plan(self.lakip.ctx, data.year), data.sop, data.zone)
        self.app.push_screen(SopScreen(data.sop, tuple(plan)))

    def action_reload(self) -> None:
        self.lakip.reload()
        self.notify("Papan dimuat ulang.", markup=False, timeout=2)

    def _open_data_screen(self, name: str) -> None:
        module_name, class_name = self.DATA_SCREENS[name]
        # Imported when first opened (start-up stays light); a missing screen is a packaging
        # defect and must fail loudly, never turn into a message.
        cls = getattr(importlib.import_module(module_name), class_name)
        try:
            screen = cls(self.lakip.ctx, self.data.year)
        except ACTION_ERRORS as exc:
            self.lakip.show_error(error_text(exc))
            return
        self.app.push_screen(screen)

    def action_indicators(self) -> None:
        self._open_data_screen("indicators")

    def action_tunggakan(self) -> None:
        self._open_data_screen("tunggakan")

    def action_budget(self) -> None:
        self._open_data_screen("budget")

    def action_bidang(self) -> None:
        self._open_data_screen("bidang")

    def action_profile(self) -> None:
        self._open_data_screen("profile")

    def action_narrative(self) -> None:
        self._open_data_screen("narrative")

    def action_export(self) -> None:
        self._open_data_screen("export")

    def action_quality(self) -> None:
        self._open_data_screen("quality")

    def action_pk(self) -> None:
        self._open_data_screen("pk")

    # -- documents, import, administration

    def action_export_forms(self) -> None:
        from tui.screens.actions import export_forms

        export_forms(self, self.lakip.ctx, self.data.year)

    def action_number_letter(self) -> None:
        from tui.screens.actions import number_letter

        number_letter(self, self.lakip.ctx, self.data.year, lambda _lines: self.lakip.reload())

    def action_import_form(self) -> None:
        from tui.screens.importing import ImportScreen

        self.app.push_screen(ImportScreen(self.lakip.ctx, self.data.year))

    def action_users(self) -> None:
        from tui.screens.users import UsersScreen

        self.app.push_screen(UsersScreen(self.lakip.ctx))

    def action_new_year(self) -> None:
        from tui.screens.admin import NewYearDialog

        self.app.push_screen(NewYearDialog(self.data.years), self._new_year)

    def _new_year(self, answer: dict[str, Any] | None) -> None:
        if answer is None:
            return
        from usecases.admin import add_year

        year = int(answer["year"])
        active = bool(answer["make_current"])

        def done(summary: str) -> None:
            self.lakip.year = year  # the board shows the year just made
            self.lakip.reload()
            if active:
                said = f"dijadikan tahun aktif untuk semua pengguna ({summary})."
            else:
                said = f"ditampilkan di papan ini ({summary}); tahun aktif pengguna lain tetap."
            self.notify(
                f"Laporan tahun {year} dibuat dan {said} Ganti tahun dengan t.",
                title="Tahun baru",
                markup=False,
                timeout=10,
            )

        run_store(
            self,
            lambda: add_year(self.lakip.ctx, year, copy=bool(answer["copy"]), make_current=active),
            done,
            lambda exc: self.lakip.show_error(error_text(exc)),
        )

    def action_reopen(self) -> None:
        from tui.screens.admin import ReopenDialog

        self.app.push_screen(ReopenDialog(self.data.year), self._reopened)

    def _reopened(self, answer: dict[str, Any] | None) -> None:
        if answer is None:
            return
        from usecases.reporting import reopen

        year = self.data.year

        def said(_data: BoardData) -> None:
            self.notify(
                f"Laporan tahun {year} dibuka kembali; datanya dapat diubah lagi.", markup=False
            )

        self.lakip.act(lambda: reopen(self.lakip.ctx, reason=answer["reason"], year=year), said)

    # -- acting on the report

    def action_complete(self) -> None:
        from tui.screens.complete import CompleteDialog

        data = self.data
        if not data.may_complete or data.pos.step is None:
            return
        dialog = CompleteDialog(data)
        dialog.kept = self._kept_for("complete")
        self.app.push_screen(dialog, self._completed)

    def _kept_for(self, kind: str) -> dict[str, str]:
        """What was typed in this dialog for this pass of the step before the action was
        refused (a future date, a stale board, a lock): given back, not typed again."""
        where, typed = self._kept
        return typed if where == (kind, self.data.year, self.data.pos.rev) else {}

    def _keep(self, kind: str, answer: dict[str, Any]) -> None:
        self._kept = ((kind, self.data.year, self.data.pos.rev), dict(answer.get("typed", {})))

    def _completed(self, answer: dict[str, Any] | None) -> None:
        if answer is None:
            return
        from usecases.reporting import advance

        before = self.data.current
        self._keep("complete", answer)

        def said(data: BoardData) -> None:
            self._kept = (None, {})
            if data.current is None:
                self.notify(f"Langkah {before} selesai. Laporan tuntas.", markup=False)
            else:
                self.notify(
                    f"Langkah {before} selesai; laporan di langkah {data.current}.", markup=False
                )

        self.lakip.act(
            lambda: advance(
                self.lakip.ctx,
                year=self.data.year,
                note=answer.get("note", ""),
                override_reason=answer.get("override_reason", ""),
                guard_override=answer.get("guard_override", ""),
                quality_override=answer.get("quality_override", ""),
                data=answer.get("data") or None,
                expected_rev=self.data.pos.rev,
            ),
            said,
        )

    def action_send_back(self) -> None:
        from tui.screens.return_step import ReturnDialog

        if self.data.return_refusal() is not None:
            return
        dialog = ReturnDialog(self.data)
        dialog.kept = self._kept_for("return")
        self.app.push_screen(dialog, self._returned)

    def _returned(self, answer: dict[str, Any] | None) -> None:
        if answer is None:
            return
        from usecases.reporting import send_back

        before = self.data.current
        to = int(answer["to"])
        self._keep("return", answer)

        def said(_data: BoardData) -> None:
            self._kept = (None, {})
            self.notify(
                f"Laporan dikembalikan dari langkah {before} ke langkah {to}.", markup=False
            )

        self.lakip.act(
            lambda: send_back(
                self.lakip.ctx,
                to=to,
                note=answer["note"],
                year=self.data.year,
                override_reason=answer.get("override_reason", ""),
                expected_rev=self.data.pos.rev,
            ),
            said,
        )


def action_params(action: str) -> tuple[object, ...]:
    if "(" not in action:
        return ()
    inner = action[action.index("(") + 1 : action.rindex(")")]
    return tuple(int(x) if x.strip().isdigit() else x.strip(" '\"") for x in inner.split(","))
