"""``lakip layanan pasang``: move an office's group-file store under the service account.

Run as root once. It moves the data file with its lock, backups and archived years into the
service's folder (0750, the data 0600, backups 0700, all owned by the service account), makes
the document folder the group reads (2750), checks that every revision and the audit chain read
back as before, writes the protected mode's settings and the systemd unit, and starts the
service where systemd runs. Nothing is deleted: the old settings file is kept beside the new
one, and documents made before stay in the old document folder (their records name them there).
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.errors import LakipError
from store.datafile import is_archive_name
from store.repo import Store
from usecases.context import (
    DEFAULT_SOCKET,
    MODE_SERVICE,
    SystemSettings,
    settings_path,
    system_settings,
)

SERVICE_ACCOUNT = "lakip"
SERVICE_HOME = Path("/var/lib/lakip")
UNIT_PATH = Path("/etc/systemd/system/lakip.service")


class InstallError(LakipError):
    """The migration cannot go on; nothing was moved (or the message says what was)."""


@dataclass
class Plan:
    """What ``pasang`` does, worked out before anything moves."""

    db: Path
    account: str
    group: str
    folder: Path
    socket: Path
    lakip: Path  # the installed program the unit runs
    settings: Path
    systemd: bool = True

    @property
    def new_db(self) -> Path:
        return self.folder / self.db.name

    @property
    def out(self) -> Path:
        return self.folder / "keluaran"


def unit_text(plan: Plan) -> str:
    """The systemd unit (the template shipped in this package, with the plan's values)."""
    template = (Path(__file__).with_name("lakip.service")).read_text(encoding="utf-8")
    return (
        template.replace("@AKUN@", plan.account)
        .replace("@GRUP@", plan.group)
        .replace("@LAKIP@", str(plan.lakip))
        .replace("@FOLDER@", str(plan.folder))
        .replace("@KONF@", str(plan.settings))
    )


def settings_text(plan: Plan, now: datetime) -> str:
    return (
        f"# lakip, mode terlindung (lakip layanan pasang, {now:%Y-%m-%d %H:%M}).\n"
        "# Hanya layanan lakip (akun "
        f"{plan.account}) yang membuka berkas data; perintah lakip dan papan memakai soketnya.\n"
        f'mode = "{MODE_SERVICE}"\n'
        f'db = "{plan.new_db}"\n'
        f'keluaran = "{plan.out}"\n'
        f'soket = "{plan.socket}"\n'
    )


def make_plan(
    *,
    db: Path | None,
    account: str = SERVICE_ACCOUNT,
    folder: Path = SERVICE_HOME,
    socket: Path = DEFAULT_SOCKET,
    lakip: Path,
    systemd: bool = True,
) -> Plan:
    if os.geteuid() != 0:
        raise InstallError("'lakip layanan pasang' dijalankan oleh root (mis. sudo).")
    settings: SystemSettings | None = system_settings()
    if settings is not None and settings.protected:
        raise InstallError(
            f"{settings.path} sudah menyatakan mode layanan; tidak ada yang dipindahkan."
        )
    source = db or (settings.db if settings is not None else None)
    if source is None:
        raise InstallError(
            f"Berkas data kantor tidak diketahui: {settings_path()} tidak menyebut db. Sebutkan "
            "dengan --db /srv/lakip/lakip.json."
        )
    if not source.is_file():
        raise InstallError(f"Berkas data {source} tidak ada; buat dulu dengan 'lakip init'.")
    gid = source.stat().st_gid
    try:
        group = grp.getgrgid(gid).gr_name
    except KeyError:
        raise InstallError(f"Grup berkas data {source} (gid {gid}) tidak dikenal.") from None
    if folder.resolve() == source.parent.resolve():
        raise InstallError(f"Folder layanan {folder} sama dengan folder data sekarang.")
    if folder.exists() and any(folder.iterdir()):
        raise InstallError(f"Folder {folder} sudah berisi; pilih folder kosong (--folder).")
    return Plan(source, account, group, folder, socket, lakip, settings_path(), systemd)


def _integrity(store: Store) -> tuple[tuple[int, int], tuple[int, str], list[str]]:
    with store.read() as r:
        problems = [f"{i.what}: {i.detail}" for i in r.integrity() if not i.ok]
        return r.version(), r.audit_head(), problems


def _ensure_account(plan: Plan) -> None:
    try:
        pwd.getpwnam(plan.account)
    except KeyError:
        nologin = next(
            (s for s in ("/usr/sbin/nologin", "/sbin/nologin") if Path(s).exists()), "/bin/false"
        )
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--home-dir", str(plan.folder),
             "--shell", nologin, "--gid", plan.group, plan.account],
            check=True, capture_output=True, text=True,
        )  # fmt: skip


def _own(path: Path, uid: int, gid: int, mode: int) -> None:
    os.chown(path, uid, gid, follow_symlinks=False)
    os.chmod(path, mode)


def install(plan: Plan, now: datetime) -> list[str]:
    """Carry out ``plan``; return what was done, line by line (Indonesian)."""
    store = Store(plan.db)
    before = _integrity(store)
    if before[2]:
        raise InstallError(
            "Berkas data bermasalah; perbaiki dulu (lakip check): " + "; ".join(before[2])
        )
    done: list[str] = []
    try:
        _ensure_account(plan)
    except subprocess.CalledProcessError as exc:
        raise InstallError(
            f"Akun layanan {plan.account} tidak dapat dibuat: {exc.stderr}"
        ) from None
    user = pwd.getpwnam(plan.account)
    gid = grp.getgrnam(plan.group).gr_gid
    done.append(f"Akun layanan: {plan.account} (grup {plan.group})")
    plan.folder.mkdir(parents=True, exist_ok=True)
    _own(plan.folder, user.pw_uid, gid, 0o750)
    old = plan.db.parent
    archives = sorted(n for n in os.listdir(old) if is_archive_name(plan.db, n))
    names = [plan.db.name, plan.db.name + ".lock", *archives]
    for name in names:
        if (old / name).exists():
            shutil.move(str(old / name), str(plan.folder / name))
            _own(plan.folder / name, user.pw_uid, gid, 0o600)
            done.append(f"Dipindah: {old / name} -> {plan.folder / name}")
    if (old / "backups").is_dir():
        shutil.move(str(old / "backups"), str(plan.folder / "backups"))
        done.append(f"Dipindah: {old / 'backups'} -> {plan.folder / 'backups'}")
    (plan.folder / "backups").mkdir(exist_ok=True)
    _own(plan.folder / "backups", user.pw_uid, gid, 0o700)
    for p in (plan.folder / "backups").iterdir():
        _own(p, user.pw_uid, gid, 0o700 if p.is_dir() else 0o600)
    plan.out.mkdir(exist_ok=True)
    _own(plan.out, user.pw_uid, gid, 0o2750)
    done.append(f"Folder dokumen: {plan.out} (2750: grup membaca, layanan menulis)")
    after = _integrity(Store(plan.new_db))
    if after[:2] != before[:2] or after[2]:
        raise InstallError(
            f"Berkas data yang dipindah ke {plan.new_db} tidak sama dengan aslinya "
            f"({before[:2]} / {after[:2]}); periksa sebelum menjalankan layanan."
        )
    done.append(
        f"Diperiksa: revisi {after[0][0]}, jejak audit sampai entri {after[1][0]} utuh "
        f"(SHA-256 {after[1][1][:16]}...)"
    )
    conf = plan.settings
    if conf.exists():
        kept = conf.with_name(conf.name + ".berkas")
        shutil.copy2(conf, kept)
        done.append(f"Pengaturan lama disimpan: {kept}")
    conf.write_text(settings_text(plan, now), encoding="utf-8")
    os.chmod(conf, 0o644)
    done.append(f"Pengaturan: {conf} (mode = \"{MODE_SERVICE}\")")
    running = Path("/run/systemd/system").is_dir()
    if plan.systemd:
        UNIT_PATH.write_text(unit_text(plan), encoding="utf-8")
        done.append(f"Unit systemd: {UNIT_PATH}")
        if running:
            for cmd in (["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "lakip"]):
                with contextlib.suppress(OSError):
                    res = subprocess.run(cmd, capture_output=True, text=True)
                    said = "berhasil" if res.returncode == 0 else res.stderr.strip()
                    done.append(f"{' '.join(cmd)}: {said}")
    if not (plan.systemd and running):
        run = plan.socket.parent
        run.mkdir(parents=True, exist_ok=True)
        _own(run, user.pw_uid, gid, 0o750)
        done.append(
            "Tanpa systemd: jalankan layanan dengan "
            f"'runuser -u {plan.account} -- {plan.lakip} layanan' (soket {plan.socket}; "
            f"folder {run} dibuat, dibuat lagi setelah mesin dinyalakan ulang)"
        )
    return done
