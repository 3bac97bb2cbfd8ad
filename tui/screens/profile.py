"""The instansi profile: office, letter numbering, addressee, page layout, time zone and office
hours, and (read-only) who signs: the users holding the roles. One scrollable form; F2 saves."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from models.domain import LETTER_FIELDS as LETTER_FIELDS_HELP
from models.domain import PageSize, Profile, signer
from models.errors import LakipError, error_text
from models.numbers import OfficeZone
from models.sop import Role
from store.errors import Conflict
from tui.base import FIELD_KEYS, KeyBar, run_store
from tui.screens.data_base import (
    RELOAD,
    ConflictDialog,
    DataScreen,
    Field,
    FormField,
    ask_before_discarding,
    field_differences,
    field_values,
    form_labels,
    form_record,
    form_reload,
    form_widgets,
    plain,
)
from usecases.context import Context
from usecases.data import NUMBERING_FIELDS, DataView

# The profile's form, one line a field, in its three sections (``PROFILE_FIELDS``: all of them).
OFFICE_FIELDS = (
    FormField("pemda", "Pemerintah daerah"),
    FormField("office", "Perangkat daerah"),
    FormField("office_short", "Singkatan"),
    FormField("address", "Alamat"),
    FormField("postal_code", "Kode pos"),
    FormField("phone", "Telepon"),
    FormField("email", "Surel"),
    FormField("website", "Situs web"),
    FormField("city", "Kota surat"),
    FormField("logo_path", "Berkas logo"),
)
LETTER_FIELDS = (
    FormField("letter_template", "Templat nomor", kind="template", wide=True),
    FormField("letter_klasifikasi", "Klasifikasi"),
    FormField("addressee", "Kepada (Yth.)"),
    FormField("addressee_place", "Tempat penerima"),
)
LAYOUT_FIELDS = (
    FormField("page_size", "Ukuran kertas", enum=PageSize,
              choices=lambda _screen: [("A4", "A4"), ("F4 (215 x 330 mm)", "F4")]),
    FormField("margin_top_mm", "Margin atas (mm)", kind="margin"),
    FormField("margin_bottom_mm", "Margin bawah (mm)", kind="margin"),
    FormField("margin_left_mm", "Margin kiri (mm)", kind="margin"),
    FormField("margin_right_mm", "Margin kanan (mm)", kind="margin"),
    FormField("timezone", "Zona waktu", enum=OfficeZone, choices=lambda _screen: [
        (f"{z.value} ({z.description})", z.value) for z in OfficeZone]),
    FormField("office_start", "Jam kerja mulai", kind="time"),
    FormField("office_end", "Jam kerja selesai", kind="time"),
    FormField("extra_days_off", "Libur tambahan", kind="dates", wide=True,
              help="mis. 2-1-2026; 31-12-2026"),
)  # fmt: skip
PROFILE_FIELDS = (*OFFICE_FIELDS, *LETTER_FIELDS, *LAYOUT_FIELDS)
SIGNERS = (Role.KEPALA_DINAS, Role.SEKRETARIS, Role.KASUBBAG)


class ProfileScreen(DataScreen):
    HELP_TITLE = "profil instansi"

    DEFAULT_CSS = """
    ProfileScreen #body { height: 1fr; padding: 0 1; }
    ProfileScreen .section { text-style: bold; margin-top: 1; color: $accent; }
    ProfileScreen #error { height: auto; max-height: 3; padding: 0 1; color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Simpan", priority=True),
        Binding("escape", "back", "Kembali"),
        *FIELD_KEYS,
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.profile: Profile | None = None
        self.admin = False
        self.clean: tuple[tuple[str | None, object], ...] = ()

    def compose(self) -> ComposeResult:
        yield self.banner()
        yield Static(plain("Profil instansi (F2 simpan, Esc kembali)"), id="heading")
        yield VerticalScroll(id="body")
        yield Static("", id="error")
        yield KeyBar()

    def widgets(self, view: DataView) -> list[Widget]:
        """The sections of the form for the profile of ``view``, and who signs."""
        p = view.data.profile
        out: list[Widget] = [Static("Instansi", classes="section")]
        out += form_widgets(self, OFFICE_FIELDS, p)
        out.append(Static("Penanda tangan", classes="section"))
        for role in SIGNERS:
            who = signer(view.data.users, role)
            shown = (
                f"{who.name}, NIP {who.nip or '-'}, {who.pangkat or '-'}"
                if who.name
                else ("BELUM ADA: tanda tangan dokumen akan kosong")
            )
            out.append(Static(plain(f"  {role.label:<15}: {shown}")))
        out.append(
            Static(
                plain(
                    "  Diambil dari pengguna yang memegang peran itu; ubah nama, NIP, pangkat dan "
                    "jabatan di layar Pengguna (u) atau dengan 'lakip users set'."
                )
            )
        )
        out.append(Static("Surat pengantar", classes="section"))
        out += form_widgets(self, LETTER_FIELDS, p)
        out.append(Static(plain(f"  Templat: {LETTER_FIELDS_HELP}")))
        if not self.admin:
            out.append(Static(plain("  Templat dan klasifikasi nomor surat hanya diubah admin.")))
        out.append(Static("Dokumen dan jam kerja", classes="section"))
        out += form_widgets(self, LAYOUT_FIELDS, p)
        return out

    def show(self, view: DataView) -> None:
        if self.profile is not None:
            return  # the fields keep the user's typing; Simpan checks the revision
        self.profile = view.data.profile
        self.admin = any(
            u.account == self.ctx.account and u.is_admin and u.active for u in view.data.users
        )
        self.call_later(self._build, view)

    async def _build(self, view: DataView) -> None:
        await self.query_one("#body", VerticalScroll).mount_all(self.widgets(view))
        for inp in self.query(Input):
            inp.disabled = bool(self.refusal)
        if not self.admin:
            for key in NUMBERING_FIELDS:
                self.field(key).input.disabled = True
        for sel in self.query(Select):
            sel.disabled = bool(self.refusal)
        self.clean = field_values(self)
        first = self.query(Input).first() if self.query(Input) else None
        if first is not None and not first.disabled:
            first.focus()

    def action_back(self) -> None:
        ask_before_discarding(self, self.clean, super().action_back)

    def field(self, key: str) -> Any:
        return self.query_one(f"#field-{key}")

    def collect(self) -> Profile:
        assert self.profile is not None
        profile: Profile = form_record(self, PROFILE_FIELDS, self.profile)
        return profile

    def action_save(self) -> None:
        from usecases.data import save_profile

        if self.profile is None:
            return
        error = self.query_one("#error", Static)
        bad = [f for f in self.query(Field) if not f.check()]
        if bad:
            error.update(plain(f"{bad[0].label}: {bad[0].message}"))
            bad[0].input.focus()
            return
        profile = self.collect()

        def saved(stored: Profile) -> None:
            self.profile = stored
            self.clean = field_values(self)
            error.update("")
            self.app.notify(markup=False, message="Profil instansi tersimpan.")

        def failed(exc: LakipError) -> None:
            if isinstance(exc, Conflict):
                self.conflict(error_text(exc), profile)
            else:
                error.update(plain(error_text(exc)))

        run_store(self, lambda: save_profile(self.ctx, self.year, profile), saved, failed)

    def conflict(self, message: str, mine: Profile) -> None:
        """Read the stored profile (a worker) and ask: reload theirs, or keep editing ours."""
        from usecases.data import load

        ctx, year = self.ctx, self.year

        def ask(fresh: Profile) -> None:
            labels = form_labels(PROFILE_FIELDS, year, Profile, {})
            differences = field_differences(fresh, mine, labels)
            self.app.push_screen(
                ConflictDialog(message, differences), lambda c: self._after_conflict(c, fresh)
            )

        run_store(self, lambda: load(ctx, year).data.profile, ask, self._load_failed, writes=False)

    def _after_conflict(self, choice: str | None, fresh: Profile) -> None:
        if choice == RELOAD:
            self.profile = fresh
            form_reload(self, PROFILE_FIELDS, fresh)
            self.clean = field_values(self)
            self.query_one("#error", Static).update(plain("Dimuat ulang: ini data terbaru."))
        else:
            assert self.profile is not None
            self.profile = replace(self.profile, rev=fresh.rev)
            self.query_one("#error", Static).update(
                plain("Isian Anda tetap; Simpan (F2) lagi untuk mengganti versi orang lain.")
            )

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        self.focus_next()
