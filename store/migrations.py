"""Schema migrations: pure functions that turn the data of schema N into schema N + 1.

A file is migrated in memory whenever it is read, and written back (after a backup) at the
first change, so an older file keeps working with a newer program.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = dict[str, dict[str, dict[str, Any]]]

# The profile's officials of schema 1, and the role whose holder signs for each from schema 2.
_OFFICIAL_ROLES = (
    ("kepala", "kepala_dinas"),
    ("sekretaris", "sekretaris"),
    ("kasubbag", "kasubbag"),
)
_PERSON_FIELDS = ("name", "nip", "pangkat", "jabatan")
# The SOP identity schema-1 files showed: the program carried it built in then.
_V1_SOP_HEADER = {
    "nomor": "004/SOP/Disdikbud-BLG/2023",
    "instansi": "Dinas Pendidikan dan Kebudayaan Kabupaten Balangan",
    "tanggal_pembuatan": "01 Januari 2023",
    "tanggal_pengesahan": "01 Januari 2023",
    "disahkan_oleh": "Kepala Dinas Pendidikan dan Kebudayaan Kab. Balangan",
    # the office's SOP cites this regency regulation (the generic SOP cites national ones only)
    "dasar_hukum": [
        "Peraturan Bupati Sanggau Nomor 24 Tahun 2015 tentang Pedoman Penyusunan Perjanjian "
        "Kinerja dan Pelaporan Kinerja Perangkat Daerah Kabupaten Sanggau"
    ],
}


def _v1_to_v2(data: Data) -> Data:
    """Schema 2: the office's time zone, and one record per signing official.

    - The profile gains ``timezone``. Files of schema 1 were made for an office in WITA (the
      only zone schema 1 knew), so they get ``WITA``; and they keep the SOP number and
      instansi schema 1 showed, now an office setting (``sop_header``).
    - The profile's ``kepala``, ``sekretaris`` and ``kasubbag`` blocks are removed: documents
      now read the user holding the role. What the profile said fills the fields that user left
      empty; when no active user holds the role, the official becomes a user of its own, with
      the role's name as account (the admin replaces it with the real account later).
    """
    profile = data.get("profile", {}).get("1")
    if profile is None:
        return data
    profile.setdefault("timezone", "WITA")
    settings = data.setdefault("settings", {}).setdefault("1", {})
    settings.setdefault("sop_header", dict(_V1_SOP_HEADER))
    users = data.setdefault("users", {})
    meta = data["_meta"]["1"]
    for key, role in _OFFICIAL_ROLES:
        official = profile.pop(key, None)
        if not isinstance(official, dict):
            continue
        person = {f: str(official.get(f) or "") for f in _PERSON_FIELDS}
        if not any(person.values()):
            continue
        holder = next(
            (u for u in users.values() if u.get("role") == role and u.get("active", True)), None
        )
        if holder is not None:
            for f, value in person.items():
                if not holder.get(f):
                    holder[f] = value
            continue
        account = role
        if any(u.get("account") == account for u in users.values()):
            account = f"{role}-profil"
        doc_id = int(meta.get("next_id", 1))
        meta["next_id"] = doc_id + 1
        users[str(doc_id)] = {
            "account": account, "role": role, **person, "is_admin": False, "active": True,
        }  # fmt: skip
    return data


def _v2_to_v3(data: Data) -> Data:
    """Schema 3: the audit trail's hash chain, and the demo mark in ``_meta``.

    - From now on each audit entry carries ``prev_hash`` (the hash of the entry before it) and
      ``_meta.audit_hash`` is the hash of the newest. Entries written before have no hash: the
      chain starts here, at the newest entry (``_meta.audit_chain_from``), and ``lakip check``
      says from which entry it holds.
    - A demo store was marked by ``settings.demo``, which a settings edit could set; it is now
      ``_meta.demo``, set only by the demo builder.
    """
    from store.chain import entry_hash

    meta = data["_meta"]["1"]
    audit = data.get("audit", {})
    last = meta.get("audit_seq", 0)
    if type(last) is int and str(last) in audit:
        meta["audit_chain_from"] = last
        meta["audit_hash"] = entry_hash(audit[str(last)])
    else:
        meta["audit_chain_from"], meta["audit_hash"] = 0, ""
    settings = data.get("settings", {}).get("1")
    if isinstance(settings, dict) and settings.pop("demo", None) is True:
        meta["demo"] = True
    return data


def _v3_to_v4(data: Data) -> Data:
    """Schema 4: each pass of a step keeps the time standard it ran under (``standard``).

    Lateness was judged by the SOP of the day, so an SOP edit re-graded finished passes. Each
    stored pass now gets the standard in force when it started: the SOP as the office has it
    now, unless the audit trail shows the step's time changed (``sop.ubah``) after the pass
    started; then the value before the first such change. A pass left without one (settings
    that cannot be read) is judged by the SOP as before.
    """
    from datetime import datetime

    from models.serial import to_data
    from models.sop import SopError, TimeStandard, apply_overrides, default_sop

    settings = data.get("settings", {}).get("1") or {}
    try:
        sop = apply_overrides(default_sop(), settings.get("sop_overrides") or {})
    except (SopError, TypeError, AttributeError):
        return data
    # (when, step, the standard before the change) for every recorded change of a step's time
    changes: list[tuple[datetime, int, TimeStandard]] = []
    for entry in sorted(data.get("audit", {}).values(), key=lambda e: int(e.get("seq", 0))):
        target = str(entry.get("target", ""))
        if entry.get("action") != "sop.ubah" or not target.startswith("langkah "):
            continue
        for change in entry.get("changes") or ():
            if change.get("field") != "waktu":
                continue
            try:
                changes.append(
                    (
                        datetime.fromisoformat(entry["at"]),
                        int(target.removeprefix("langkah ")),
                        TimeStandard.parse(str(change.get("before", ""))),
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue
    for report in data.get("reports", {}).values():
        for p in report.get("passes") or ():
            if not isinstance(p, dict) or p.get("standard") is not None:
                continue
            try:
                step, started = int(p["step"]), datetime.fromisoformat(p["started_at"])
                standard = next(
                    (old for at, n, old in changes if n == step and at > started),
                    sop.step(step).standard,
                )
            except (KeyError, TypeError, ValueError):
                continue
            p["standard"] = to_data(standard)
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}
