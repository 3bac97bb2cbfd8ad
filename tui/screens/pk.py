"""The Perjanjian Kinerja screen: the year's PK versions (state, dates, SHA-256) and what each
perubahan changed, read-only; its keys make the murni version or a perubahan from the data now,
export the chosen version's document and record its signing, through the same use cases as
``lakip pk new|revise|export|sign`` (``usecases.pk``), in a worker."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from models.errors import LakipError, error_text
from models.numbers import DateError, format_date, parse_date
from models.pk_records import PkVersion
from tui.base import run_store
from tui.screens.frames import Dialog, ListScreen, dialog_hint
from tui.text import safe
from usecases.context import Context
from usecases.pk import PkView, pk_view, version_lines


def _state(v: PkVersion) -> str:
    if v.signature is None:
        return "belum ditandatangani"
    return f"ditandatangani {format_date(v.signature.signed_on)}"


class PkScreen(ListScreen):
    """The versions of the year's PK; ``n`` murni, ``r`` perubahan, ``e`` ekspor, ``s`` tanda
    tangan (each refused with the use case's reason when the account may not)."""

    HELP_TITLE = "perjanjian kinerja"
    PREFIX = "pk"
    COLUMNS = ("Versi", "Keadaan", "Berlaku mulai", "SHA-256")
    MAX_ROWS = 7
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Tutup", id="pk.tutup"),
        Binding("n", "new", "PK murni", id="pk.murni"),
        Binding("r", "revise", "Perubahan", id="pk.perubahan"),
        Binding("e", "export", "Ekspor", id="pk.ekspor"),
        Binding("s", "sign", "Tanda tangan", id="pk.tanda_tangan"),
        Binding("f5,m", "reload", "Muat ulang", id="pk.muat_ulang"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.view: PkView | None = None

    def read(self) -> PkView:
        return pk_view(self.ctx, self.year)

    def shown(self, found: PkView) -> None:
        self.view = view = found
        title = Text(f"Perjanjian Kinerja tahun {view.year}\n", style="bold")
        if view.in_force is None:
            title.append("Belum ada versi yang ditandatangani: LAKIP memakai target dari data.")
        else:
            title.append(f"LAKIP {view.year} diukur terhadap versi {view.in_force.label}.")
        self.put_title(title)
        rows = [
            (str(v.number), (v.label, _state(v), format_date(v.berlaku),
                             v.signature.sha256[:12] if v.signature else "-"))
            for v in view.versions
        ]  # fmt: skip
        self.detail(self.fill_table(rows))

    def detail(self, row: int) -> None:
        view = self.view
        if view is None:
            return
        out = Text()
        if not view.versions:
            out.append(
                f"PK tahun {view.year} belum ada. Tekan n untuk membuat PK murni dari data "
                "sekarang (sasaran, indikator dan target, program dan anggaran).\n"
            )
        else:
            v = view.versions[min(max(row, 0), len(view.versions) - 1)]
            for line in version_lines(v, view.zone, view.file_states.get(v.number)):
                out.append(safe(line.removeprefix("- ")) + "\n")
            changed = [c for x, c in view.changes if x.number == v.number]
            if changed:
                out.append("Perubahan dari versi sebelumnya:\n", style="bold")
                for c in changed:
                    out.append(safe(f"  - {c.line()}") + "\n")
            if v.signature is None:
                out.append("Tekan e untuk ekspor dokumennya, lalu s untuk tanda tangan.\n")
        self.put_detail(out)

    def _chosen(self) -> PkVersion | None:
        view = self.view
        row = self.chosen_row(len(view.versions)) if view is not None else None
        return None if view is None or row is None else view.versions[row]


    # -- acting (usecases.pk) -------------------------------------------------------------------

    def _refused(self, why: str | None) -> bool:
        if why:
            self.notify(why, title="Tidak dapat dilakukan", severity="warning", markup=False)
        return bool(why)

    def _run(self, work: Any, said: Any) -> None:
        def done(result: Any) -> None:
            self.notify(said(result), title="Perjanjian Kinerja", markup=False, timeout=12)
            self.action_reload()

        def failed(exc: LakipError) -> None:
            self.notify(error_text(exc), title="Ditolak", severity="error", markup=False)

        run_store(self, work, done, failed)

    def action_new(self) -> None:
        from usecases.pk import new_pk

        if self.view is None or self._refused(self.view.prepare_refusal):
            return
        ctx, year = self.ctx, self.year
        self._run(
            lambda: new_pk(ctx, year),
            lambda v: f"PK {v.label} tahun {v.year} dibuat dari data sekarang "
            f"({len(v.indicators)} indikator, {len(v.programmes)} program).",
        )

    def action_revise(self) -> None:
        if self.view is None or self._refused(self.view.prepare_refusal):
            return
        self.app.push_screen(ReviseDialog(self.year), self._revised)

    def _revised(self, answer: dict[str, Any] | None) -> None:
        from usecases.pk import revise_pk

        if answer is None:
            return
        ctx, year = self.ctx, self.year
        self._run(
            lambda: revise_pk(ctx, alasan=answer["alasan"], berlaku=answer["berlaku"], year=year),
            lambda v: f"PK {v.label} tahun {v.year} dibuat dari data sekarang; berlaku mulai "
            f"{format_date(v.berlaku)}.",
        )

    def action_export(self) -> None:
        from usecases.pk import export_pk

        chosen = self._chosen()
        if chosen is None:
            self._refused("Belum ada PK; tekan n untuk membuatnya.")
            return
        ctx, year, number = self.ctx, self.year, chosen.number
        self._run(
            lambda: export_pk(ctx, year=year, versi=number, overwrite=True),
            lambda r: "\n".join([f"Berkas ditulis: {r.path}", f"SHA-256 {r.sha256}", *r.notes]),
        )

    def action_sign(self) -> None:
        from usecases.pk import sign_pk

        chosen = self._chosen()
        if chosen is None or self.view is None:
            self._refused("Belum ada PK; tekan n untuk membuatnya.")
            return
        if self._refused(self.view.sign_refusal):
            return
        ctx, year, number = self.ctx, self.year, chosen.number
        view = self.view

        def answered(answer: dict[str, Any] | None) -> None:
            if answer is None:
                return
            reason = answer.get("reason", "")
            self._run(
                lambda: sign_pk(ctx, year=year, versi=number, override_reason=reason),
                lambda v: f"PK {v.label} ditandatangani; SHA-256 {v.signature.sha256}.",
            )

        self.app.push_screen(
            SignDialog(chosen, view.to_sign.get(number), view.sign_needs_reason), answered
        )


class ReviseDialog(Dialog):
    """A perubahan's reason and effective date. Returns ``{"alasan": str, "berlaku": date}``."""

    AUTO_FOCUS = "#alasan"

    def __init__(self, year: int) -> None:
        super().__init__(id="pk-revise-dialog")
        self.year = year

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Perubahan Perjanjian Kinerja {self.year}", style="bold"),
                classes="dialog-title",
            )
            yield Static(Text("Diambil dari data sekarang; versi sebelumnya tidak berubah."))
            yield self.field("alasan", "Alasan", placeholder="wajib")
            yield self.field("berlaku", "Berlaku mulai", placeholder="mis. 01-07-" + str(self.year))
            yield Static("", id="dialog-error", classes="error")
            yield dialog_hint()

    def save(self) -> None:
        alasan = self.value("alasan")
        if not alasan:
            self.refuse("Alasan wajib diisi: mengapa PK diubah?", "alasan")
            return
        try:
            berlaku: date = parse_date(self.value("berlaku"))
        except DateError as exc:
            self.refuse(f"Berlaku mulai: {exc}", "berlaku")
            return
        self.dismiss({"alasan": alasan, "berlaku": berlaku})


class SignDialog(Dialog):
    """Before a PK version's signature is recorded: the file and SHA-256 it records (as step 9's
    dialog names them) and, for an admin who is not the Kepala Dinas, the reason. Returns
    ``{"reason": str}``."""

    def __init__(self, version: PkVersion, export: tuple[str, str] | None, reason: bool) -> None:
        super().__init__(id="pk-sign-dialog")
        self.version = version
        self.export = export
        self.needs_reason = reason

    def compose(self) -> ComposeResult:
        v = self.version
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(f"Tanda tangan PK {v.label} tahun {v.year}", style="bold"),
                classes="dialog-title",
            )
            if self.export is None:
                yield Static(Text("Versi ini belum diekspor: tekan e dulu."), classes="warning")
            else:
                path, sha = self.export
                yield Static(Text(f"Berkas yang ditandatangani: {path.rsplit('/', 1)[-1]}"))
                yield Static(Text(f"SHA-256: {sha}"))
            if self.needs_reason:
                yield self.field("reason", "Alasan atas nama Kepala Dinas", placeholder="wajib")
            yield Static("", id="dialog-error", classes="error")
            yield Static("Enter: catat tanda tangan  Esc: batal", classes="dialog-hint")

    def on_key(self, event: Any) -> None:
        if event.key == "enter" and not self.needs_reason:  # no field to submit from
            event.stop()
            self.save()

    def save(self) -> None:
        reason = self.value("reason") if self.needs_reason else ""
        if self.needs_reason and not reason:
            self.refuse("Sebagai admin, tuliskan alasan mencatat tanda tangan Kepala Dinas.",
                        "reason")  # fmt: skip
            return
        self.dismiss({"reason": reason})
