"""Use cases of administration: creating a store, years, users, the SOP map, backups, health."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from models import workflow as wf
from models.domain import (
    REPORT_YEARS,
    AuditEntry,
    Change,
    LetterTemplateError,
    Profile,
    Report,
    User,
    letter_template_example,
)
from models.report import CARRIED_OVER
from models.sop import Role, SopError, TimeStandard, default_sop
from models.text import account_name, checked, shown
from models.worktime import OfficeHours, WorkTimeError
from store.datafile import CheckItem
from store.errors import StoreError
from store.repo import Reader, Writer, audit_changes, new_id
from usecases.context import Context, settings_path
from usecases.remote import usecase, usecase_with
from usecases.reporting import (
    UseCaseError,
    actor_of,
    require_admin,
    require_known,
    sop_of,
    year_or_current,
)

# The profile fields the papers cannot do without, and what they are called on screen.
REQUIRED_PROFILE = {
    "pemda": "pemerintah daerah",
    "office": "nama perangkat daerah",
    "office_short": "singkatan perangkat daerah",
    "city": "kota tempat surat",
    "addressee": "kepala daerah penerima surat",
}


def profile_problems(profile: Profile) -> list[str]:
    """What keeps ``profile`` from making correct papers, in Indonesian (empty when nothing)."""
    problems = [
        f"{label} belum diisi" for key, label in REQUIRED_PROFILE.items()
        if not str(getattr(profile, key)).strip()
    ]  # fmt: skip
    try:
        letter_template_example(profile.letter_template, profile.office_short)
    except LetterTemplateError as exc:
        problems.append(str(exc))
    try:
        OfficeHours.parse(profile.office_start, profile.office_end)
    except WorkTimeError as exc:
        problems.append(str(exc))
    return problems


def system_account_exists(account: str) -> bool:
    """Whether this computer knows the Unix account (its password database)."""
    import pwd

    try:
        pwd.getpwnam(account)
    except KeyError:
        return False
    return True


def _require_system_account(account: str, belum_ada: bool, flag: str = "--belum-ada") -> None:
    if not belum_ada and not system_account_exists(account):
        raise UseCaseError(
            f"Akun Unix '{account}' tidak dikenal di komputer ini. Periksa ejaannya, atau buat "
            f"dulu akunnya (sudo adduser {account}). Jika akun itu memang baru akan dibuat, "
            f"daftarkan dengan {flag}."
        )


@usecase
def init_store(
    ctx: Context,
    *,
    profile: Profile,
    year: int,
    name: str = "",
    role: Role | None = None,
    kepala: User | None = None,
    kepala_belum_ada: bool = False,
    sop_number: str = "",
) -> None:
    """Create a new data file: the profile, the first report year, its creator as admin (with
    ``role`` when given), when given the Kepala Dinas who signs the papers and the number of the
    office's copy of the SOP."""
    if ctx.store.exists():
        raise UseCaseError(f"Berkas data sudah ada: {ctx.db_path}. Tidak ditimpa.")
    problems = profile_problems(profile)
    if problems:
        raise UseCaseError("Profil kantor belum lengkap: " + "; ".join(problems) + ".")
    admin = User(account=ctx.account, name=name or ctx.account, role=role, is_admin=True)
    if kepala is not None:
        kepala = replace(kepala, role=Role.KEPALA_DINAS)
        if kepala.account == ctx.account:
            admin, kepala = replace(kepala, name=kepala.name or admin.name, is_admin=True), None
        elif role is Role.KEPALA_DINAS:
            raise UseCaseError(
                f"Peran Kepala Dinas diberikan kepada dua akun ({ctx.account} dan "
                f"{kepala.account}); pilih satu."
            )
        else:
            account_name(kepala.account)
            _require_system_account(kepala.account, kepala_belum_ada, "--kadis-belum-ada")
    now = ctx.now()
    ctx.store.create(ctx.account, now)
    with ctx.store.write(ctx.account, now) as w:
        w.save_profile(profile)
        w.save_user(admin)
        w.audit_log("data.dibuat", note=f"berkas data baru, admin {ctx.account}")
        if kepala is not None:
            w.save_user(kepala)
            w.audit_log("pengguna.tambah", target=kepala.account, note="Kepala Dinas")
        actor = wf.Actor(ctx.account, w.user(ctx.account))
        w.add_report(wf.start(year, sop_of(w), actor, now))
        w.save_settings(current_year=year)
        if sop_number.strip():
            w.save_settings(sop_header={"nomor": sop_number.strip()})
        w.audit_log("laporan.dibuat", year=year, target=f"laporan {year}")


@usecase
def add_year(ctx: Context, year: int, *, make_current: bool = True, copy: bool = True) -> str:
    """Start the report of a new year; return what was carried over, in Indonesian.

    With ``copy`` (the default) the newest earlier year's sasaran, indicators and budget lines
    are carried over so nothing is typed twice: codes, names, units, polarity, Renstra targets
    and bidang stay; this year's target and realisasi start empty (step 6 will not finish until
    they are filled); last year's realisasi joins the earlier years' history; budget lines keep
    their codes and names with pagu and realisasi at zero.
    """
    if year not in REPORT_YEARS:
        raise UseCaseError(
            f"Tahun {year} di luar rentang tahun laporan ({REPORT_YEARS.start} sampai "
            f"{REPORT_YEARS.stop - 1}); periksa angkanya."
        )
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        require_admin(w, ctx.account)
        if year in w.years():
            raise UseCaseError(f"Laporan tahun {year} sudah ada.")
        report = wf.start(year, sop_of(w), actor_of(w, ctx.account), now)
        earlier = [y for y in w.years() if y < year]
        summary = "laporan kosong"
        if copy and earlier:
            source = max(earlier)
            report, summary = _carry_over(w, source, report)
        w.add_report(report)
        if make_current:
            w.save_settings(current_year=year)
        w.audit_log("laporan.dibuat", year=year, target=f"laporan {year}", note=summary)
        return summary


def _carry_over(w: Writer, source: int, report: Report) -> tuple[Report, str]:
    year = report.year
    sasaran = w.sasaran(source)
    indicators = w.indicators(source)
    budget = w.budget(source)
    for s in sasaran:
        w.save_sasaran(replace(s, id=new_id(), year=year, analyses={}, quarter_notes=(), rev=0))
    for i in indicators:
        history = dict(i.history)
        if i.realisasi is not None:
            history[source] = i.realisasi
        w.save_indicator(
            replace(
                i, id=new_id(), year=year, target=None, realisasi=None, history=history,
                narrative="", target_tw=(), realisasi_tw=(), pembilang_tw=(), penyebut_tw=(),
                rev=0,
            )
        )  # fmt: skip
    for b in budget:
        emptied = {
            "pagu": Decimal(0),
            "realisasi": Decimal(0),
            "rencana_tw": (),
            "realisasi_tw": (),
        }
        w.save_budget(replace(b, id=new_id(), year=year, rev=0, **emptied))  # type: ignore[arg-type]
    old = w.report(source).narrative
    narrative = {k: v for k, v in old.items() if k in CARRIED_OVER and v.strip()}
    summary = (
        f"disalin dari {source}: {len(sasaran)} sasaran, {len(indicators)} indikator (target "
        f"dan realisasi {year} kosong), {len(budget)} baris anggaran (pagu dan realisasi 0), "
        f"{len(narrative)} bab narasi"
    )
    return replace(report, narrative=narrative), summary


@usecase
def archive_year(ctx: Context, year: int) -> Path:
    """Move a finished year (step 11 done) to its own read-only archive file beside the data
    file (administrator); return the archive's path. The year stays readable everywhere."""
    now = ctx.now()
    with ctx.store.write(ctx.account, now) as w:
        require_admin(w, ctx.account)
        if w.is_archived(year):
            raise UseCaseError(f"Tahun {year} sudah diarsipkan.")
        report = w.report(year_or_current(w, year))
        if not wf.is_finished(report, sop_of(w)):
            raise UseCaseError(
                f"Laporan tahun {year} belum selesai (langkah 11 belum dikerjakan); hanya tahun "
                "yang sudah selesai yang dapat diarsipkan."
            )
        name, digest = w.archive_year(year)
        still_open = [y for y in w.years() if not w.is_archived(y)]
        if w.settings().get("current_year") == year and still_open:
            w.save_settings(current_year=max(still_open))
        w.audit_log(
            "tahun.diarsipkan",
            year=year,
            target=name,
            note=f"data tahun {year} dipindah ke {name} (hanya baca), SHA-256 {digest[:16]}",
        )
    ctx.store.backup("sesudah-arsip")
    return ctx.store.path.parent / name


@usecase
def set_current_year(ctx: Context, year: int) -> None:
    with ctx.store.write(ctx.account, ctx.now()) as w:
        year_or_current(w, year)
        require_admin(w, ctx.account)
        w.save_settings(current_year=year)
        w.audit_log("tahun.aktif", year=year, target=f"laporan {year}")


@usecase
def has_data_file(ctx: Context) -> bool:
    """Whether the context's data file exists (``init`` refuses to replace one; the board needs
    one)."""
    return ctx.store.exists()


@usecase
def current_year(ctx: Context) -> int | None:
    """The office's active report year (None before the first)."""
    with ctx.store.read() as r:
        return r.current_year()


@usecase
def list_users(ctx: Context) -> tuple[User, ...]:
    with ctx.store.read() as r:
        return r.users()


@usecase_with(fields_of=User)
def save_user(
    ctx: Context,
    account: str,
    *,
    belum_ada: bool = False,
    new: bool | None = None,
    **changes: object,
) -> User:
    """Add a user or change some of its fields (administrator only). A new account must be
    known to the system, unless ``belum_ada`` says it is created later. ``new`` True refuses an
    account already registered (``users add``), False one not registered (``users set``); both
    are checked in the same transaction as the save."""
    account_name(account)
    for key in ("name", "nip", "pangkat", "jabatan"):
        if isinstance(changes.get(key), str):
            changes[key] = checked(key.capitalize(), str(changes[key]), multiline=False)
    with ctx.store.write(ctx.account, ctx.now()) as w:
        before = w.user(account)
        _require_add_or_set(account, before, new)
        require_admin(w, ctx.account)
        if before is None:
            _require_system_account(account, belum_ada)
        base = before or User(account=account)
        if "role" in changes and isinstance(changes["role"], str):
            try:
                changes["role"] = Role(changes["role"]) if changes["role"] else None
            except ValueError:
                raise UseCaseError(
                    f"Peran '{changes['role']}' tidak dikenal; pilih: "
                    + ", ".join(r.value for r in Role)
                ) from None
        after = replace(base, **changes)  # type: ignore[arg-type]
        if before and before.is_admin and before.active and not (after.is_admin and after.active):
            _keep_an_admin(w, account)  # neither demoted nor deactivated: the last admin stays
        w.save_user(after)
        w.audit_log(
            "pengguna.ubah" if before else "pengguna.tambah",
            target=account,
            changes=audit_changes(before or User(account=account), after),
        )
        return after


def _require_add_or_set(account: str, before: User | None, new: bool | None) -> None:
    if new and before is not None:
        raise UseCaseError(
            f"akun '{shown(account)}' sudah terdaftar ("
            f"{before.role.label if before.role else 'tanpa peran'}"
            f"{', admin' if before.is_admin else ''}); untuk mengubah peran, nama, NIP atau "
            f"pangkatnya pakai 'lakip users set {shown(account)} --role ... --name ...'."
        )
    if new is False and before is None:
        raise UseCaseError(f"akun '{shown(account)}' belum terdaftar; pakai 'users add'.")


@usecase
def remove_user(ctx: Context, account: str) -> None:
    with ctx.store.write(ctx.account, ctx.now()) as w:
        require_admin(w, ctx.account)
        user = w.user(account)
        if user is None:
            raise UseCaseError(f"Akun '{account}' tidak terdaftar.")
        if user.is_admin:
            _keep_an_admin(w, account)
        w.delete_user(account)
        w.audit_log("pengguna.hapus", target=account)


def _keep_an_admin(reader: Reader, leaving: str) -> None:
    if not any(u.is_admin and u.active for u in reader.users() if u.account != leaving):
        raise UseCaseError("Harus tetap ada minimal satu admin aktif.")


@usecase
def set_step(ctx: Context, number: int, *, role: str | None, waktu: str | None) -> None:
    """Override the role or time standard of an SOP step for this office."""
    with ctx.store.write(ctx.account, ctx.now()) as w:
        require_admin(w, ctx.account)
        overrides: dict[str, dict[str, str]] = dict(w.settings().get("sop_overrides") or {})
        before = sop_of(w)
        try:
            before.step(number)
            change = dict(overrides.get(str(number), {}))
            if role:
                change["role"] = Role(role).value
            if waktu:
                change["waktu"] = str(TimeStandard.parse(waktu))
        except ValueError as exc:
            message = (
                str(exc)
                if isinstance(exc, SopError)
                else (f"Peran '{role}' tidak dikenal; pilih: " + ", ".join(r.value for r in Role))
            )
            raise UseCaseError(message) from None
        default = default_sop().step(number)
        if change.get("role") == default.role.value:
            change.pop("role")
        if change.get("waktu") == str(default.standard):
            change.pop("waktu")
        if change:
            overrides[str(number)] = change
        else:
            overrides.pop(str(number), None)
        w.save_settings(sop_overrides=overrides)
        after = sop_of(w)
        old, new = before.step(number), after.step(number)
        w.audit_log(
            "sop.ubah",
            target=f"langkah {number}",
            changes=tuple(
                Change(field=f, before=str(a), after=str(b))
                for f, a, b in (
                    ("peran", old.role.value, new.role.value),
                    ("waktu", old.standard, new.standard),
                )
                if a != b
            ),
        )


@usecase
def audit(ctx: Context, year: int | None = None) -> tuple[AuditEntry, ...]:
    with ctx.store.read() as r:
        return r.audit(year)


@usecase
def check_printed_head(ctx: Context, seq: int, sha256: str) -> str:
    """Whether the audit trail still holds the entry ``seq`` whose SHA-256 a paper shows (the
    office package's ``jejak_audit``): the entry as stored now, hashed again, gives that
    SHA-256. It no longer does when the entry was rewritten, or when the history before it was
    rewritten with the hashes made to agree (each entry carries its predecessor's hash); a
    rewrite that leaves them disagreeing is what ``lakip check`` finds. A mismatch raises
    ``UseCaseError``."""
    wanted = sha256.strip().lower()
    with ctx.store.read() as r:
        last, _head = r.audit_head()
        found = r.audit_entry_hash(seq) if 1 <= seq <= last else None
    if not 1 <= seq <= last:
        raise UseCaseError(f"Jejak audit ini hanya sampai entri {last}; entri {seq} tidak ada.")
    if found != wanted:
        raise UseCaseError(
            f"TIDAK COCOK: entri {seq} jejak audit sekarang ber-SHA-256 {found or '(tidak ada)'}, "
            f"bukan {wanted}. Riwayat sebelum entri itu sudah diubah sejak kertasnya dicetak, "
            "atau ini berkas data kantor lain. Jalankan 'lakip check' dan bandingkan dengan "
            "cadangan."
        )
    return (
        f"Cocok: entri {seq} jejak audit masih ber-SHA-256 {wanted}, seperti yang tercetak; "
        f"entri terbaru sekarang {last}. 'lakip check' memeriksa rantai sesudahnya."
    )


@usecase
def backup(ctx: Context) -> Path:
    """A backup copy now (registered users; an unknown account may only look)."""
    with ctx.store.read() as r:
        require_known(r, ctx.account, "Membuat cadangan")
    made = ctx.store.backup("manual")
    with ctx.store.write(ctx.account, ctx.now()) as w:
        w.audit_log("data.cadangan", target=made.name, note=f"cadangan manual: {made}")
    return made


@usecase
def newest_good_backup(ctx: Context) -> Path | None:
    """The newest backup that reads as a good data file (what ``restore`` takes by default)."""
    return ctx.store.file.newest_good_backup()


@usecase
def restore(ctx: Context, source: Path) -> Path | None:
    """Put a backup in place of the data file. Allowed to an administrator, or to anyone when
    the current file is unreadable (there is then no user list to check against).

    Run by the service (protected mode), only a backup in the service's own backup folder is
    taken (a name alone is looked up there): a file from elsewhere could carry a history no one
    recorded."""
    if ctx.served:
        folder = ctx.store.file.backup_dir.resolve()
        source = source if source.is_absolute() else folder / source
        if source.resolve().parent != folder:
            raise UseCaseError(
                f"Dalam mode layanan hanya cadangan di {folder} yang dapat dipulihkan; sebutkan "
                "nama cadangannya (lihat 'lakip check')."
            )
    try:
        with ctx.store.read() as r:
            require_admin(r, ctx.account)
    except UseCaseError:
        raise
    except StoreError:
        pass  # corrupt or missing file: restoring is the way out
    kept = ctx.store.restore(source, ctx.account)
    try:
        with ctx.store.write(ctx.account, ctx.now()) as w:
            w.audit_log("data.dipulihkan", note=f"dari {source}; berkas lama disimpan di {kept}")
    except StoreError:
        pass  # a read-only (newer) backup restores, but cannot be annotated
    return kept


@usecase
def check(ctx: Context) -> list[CheckItem]:
    """The file, its folders and backups; then, when it can be read, every record against its
    type, the audit trail, and the profile's settings the papers need."""
    f = ctx.store.file
    for what, path in (("Berkas data", f.path), ("Berkas kunci", f.lock_path)):
        try:
            folder = path.is_dir()
        except PermissionError:
            return [
                CheckItem(False, what, f"{path}: akun ini tidak boleh membuka foldernya (izin "
                          f"ditolak; folder {path.parent} milik akun lain atau bukan grup kantor)")
            ]  # fmt: skip
        if folder:
            return [
                CheckItem(False, what, f"{path} adalah sebuah folder, bukan berkas; periksa jalur "
                          "--db atau pindahkan folder itu")
            ]  # fmt: skip
    items = f.check(out_dir=ctx.out_dir(), protected=ctx.served)
    try:
        with ctx.store.read() as r:
            items.extend(r.integrity())
            problems = profile_problems(r.profile())
    except StoreError as exc:
        if not any(i.what == "Berkas data" and not i.ok for i in items):
            items.append(CheckItem(False, "Catatan data", str(exc)))
        return items
    if problems:
        items.append(CheckItem(False, "Profil kantor", "; ".join(problems)))
    from usecases.exporting import export_leftovers

    out = ctx.out_dir()
    leftovers = export_leftovers(out)
    if leftovers:
        items.append(
            CheckItem(
                False,
                "Sisa ekspor",
                f"{len(leftovers)} berkas sementara dari ekspor yang terputus di {out} ("
                + ", ".join(p.name for p in leftovers[:3])
                + "); dihapus otomatis pada ekspor berikutnya ke folder itu, atau hapus sendiri",
            )
        )
    return items


def client_items(ctx: Context) -> list[CheckItem]:
    """In protected mode, what this account sees of the service: its socket (a socket, 0660,
    the office's group) and that the data file itself is closed to it."""
    import os
    import stat

    from store.datafile import _group_name

    assert ctx.remote is not None
    sock = ctx.remote.socket_path
    items: list[CheckItem] = []
    try:
        st = os.stat(sock)
    except OSError as exc:
        return [CheckItem(False, "Soket layanan", f"{sock}: {exc.strerror}")]
    mode = stat.S_IMODE(st.st_mode)
    problems = []
    if not stat.S_ISSOCK(st.st_mode):
        problems.append("bukan soket")
    if mode & 0o007:
        problems.append(f"akun di luar grup boleh memakainya (mode {mode:04o})")
    if mode & 0o060 != 0o060:
        problems.append(f"grup tidak boleh memakainya (mode {mode:04o})")
    items.append(
        CheckItem(
            not problems,
            "Soket layanan",
            f"{sock} mode {mode:04o} grup {_group_name(st.st_gid)}"
            + ("; " + "; ".join(problems) if problems else ""),
        )
    )
    try:
        with open(ctx.db_path, "rb"):
            opened = True
    except PermissionError:
        opened = False
    except FileNotFoundError:
        try:
            ctx.db_path.parent.stat()
            items.append(
                CheckItem(
                    False,
                    "Berkas data tertutup",
                    f"{ctx.db_path} tidak ada: db di {settings_path()} tidak sama dengan berkas "
                    "layanan?",
                )
            )
            return items
        except PermissionError:
            opened = False
    except OSError:
        opened = False
    items.append(
        CheckItem(
            not opened,
            "Berkas data tertutup",
            f"{ctx.db_path}: "
            + (
                "akun ini dapat membacanya langsung; mode terlindung tidak berlaku (jalankan "
                "'lakip layanan pasang' atau perbaiki izinnya)"
                if opened
                else f"akun {ctx.account} tidak dapat membukanya; hanya melalui layanan"
            ),
        )
    )
    return items


@dataclass(frozen=True)
class Paths:
    """Where the store's files are (the service's, in protected mode). The settings file and
    the demo are the caller's own: ``lakip paths`` names them itself."""

    db: Path
    source: str
    lock: Path
    backups: Path
    out: Path


@usecase
def paths(ctx: Context, source: str) -> Paths:
    f = ctx.store.file
    return Paths(
        db=f.path, source=source, lock=f.lock_path, backups=f.backup_dir, out=ctx.out_dir()
    )
