"""The audit trail's hash chain: each entry carries the hash of the entry before it
(``prev_hash``) and ``_meta.audit_hash`` is the hash of the newest, so an entry deleted or
rewritten by hand breaks the chain at that entry.

Entries written before schema 3 carry no hash: the chain starts at the migration, with the newest
entry of that moment (``_meta.audit_chain_from``), and ``lakip check`` says so.
"""

from __future__ import annotations

import json
from typing import Any


def entry_hash(doc: dict[str, Any]) -> str:
    """The SHA-256 of an audit entry as stored (canonical JSON: sorted keys, no spaces)."""
    import hashlib  # here, not at the top: `lakip status` reads and never hashes (~2 ms)

    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def audit_problem(audit: dict[str, Any], meta: dict[str, Any]) -> tuple[str | None, str]:
    """(the first problem of the audit trail, or None; what is fine), in Indonesian."""
    last = meta.get("audit_seq", 0)
    start = meta.get("audit_chain_from", 0)
    if type(last) is not int or last < 0:
        return f"_meta.audit_seq bukan bilangan bulat ({last!r})", ""
    if type(start) is not int or not 0 <= start <= last:
        return f"_meta.audit_chain_from tidak sah ({start!r})", ""
    skipped = _skipped(meta.get("audit_gaps"), last)
    if skipped is None:
        return f"_meta.audit_gaps tidak sah ({meta.get('audit_gaps')!r})", ""
    extra = sorted(k for k in audit if not (k.isdigit() and 1 <= int(k) <= last))
    for k in range(1, last + 1):
        doc = audit.get(str(k))
        if doc is None:
            if k in skipped:
                continue
            return f"entri {k} hilang (dihapus dari berkas?); urutan harus 1 sampai {last}", ""
        if k in skipped:
            return f"entri {k} ada padahal nomornya dilewati saat pemulihan", ""
        if not isinstance(doc, dict) or doc.get("seq") != k:
            return f"entri {k} bernomor urut lain ({doc.get('seq')!r})", ""
    if extra:
        return f"entri {extra[0]} di luar urutan 1 sampai {last} (_meta.audit_seq)", ""
    prev = entry_hash(audit[str(start)]) if start else ""
    for k in range(start + 1, last + 1):
        if k in skipped:  # the chain goes on from the entry before the restored gap
            continue
        doc = audit[str(k)]
        if doc.get("prev_hash") != prev:
            broken = k - 1 if k > 1 else k
            return f"entri {broken} diubah setelah dicatat (rantai hash putus di entri {k})", ""
        prev = entry_hash(doc)
    if last > start and meta.get("audit_hash") != prev:
        return f"entri {last} diubah setelah dicatat (hash entri terakhir tidak cocok)", ""
    if skipped:
        ranges = _ranges(skipped)
        since_restore = f"; nomor {ranges} dilewati karena pemulihan cadangan"
    else:
        since_restore = ""
    since = (
        f"sejak entri {start} (rantai dimulai saat migrasi ke skema 3; entri sebelumnya belum "
        "berantai)"
        if start
        else "sejak entri pertama"
    )
    return None, f"{last} entri berurutan; rantai hash utuh {since}{since_restore}"


def _skipped(gaps: Any, last: int) -> set[int] | None:
    """The audit numbers a restore declared skipped (``_meta.audit_gaps``: [[from, to], ...]);
    None when the declaration is malformed."""
    if gaps is None:
        return set()
    if not isinstance(gaps, list):
        return None
    out: set[int] = set()
    for gap in gaps:
        if not (isinstance(gap, list) and len(gap) == 2 and all(type(n) is int for n in gap)):
            return None
        low, high = gap
        if not 1 <= low <= high <= last:
            return None
        out.update(range(low, high + 1))
    return out


def _ranges(numbers: set[int]) -> str:
    """``{3, 4, 5, 9}`` as ``3-5, 9``."""
    out: list[str] = []
    for n in sorted(numbers):
        if out and n - 1 in numbers:
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)
