"""The quality gate as a use case: the year's findings (models/quality.py) for `lakip periksa`,
the board's screen, and the rule of step 9: the Kepala Dinas signs only a LAKIP with no blocking
item, unless an administrator signs past them with a reason (recorded on the step's pass, in the
audit trail and on the disposition sheet)."""

from __future__ import annotations

from dataclasses import dataclass

from models.quality import (
    OVERRIDE_BY,
    OVERRIDE_COUNT,
    OVERRIDE_REASON,
    Finding,
    blocking,
    findings,
)
from models.workflow import Actor
from store.repo import Reader
from usecases.context import Context
from usecases.reporting import UseCaseError, data_revision, year_or_current

__all__ = [
    "OVERRIDE_BY",
    "OVERRIDE_COUNT",
    "OVERRIDE_REASON",
    "QualityGateError",
    "QualityReport",
    "check_quality",
    "sign_gate",
]


@dataclass(frozen=True, slots=True)
class QualityReport:
    year: int
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> list[Finding]:
        return blocking(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.blocking]

    @property
    def summary(self) -> str:
        """Like "7 penghalang, 1 peringatan"."""
        return f"{len(self.blocking)} penghalang, {len(self.warnings)} peringatan"


class QualityGateError(UseCaseError):
    """Step 9 refused: the LAKIP still has blocking items (``findings``)."""

    def __init__(self, year: int, items: list[Finding]) -> None:
        self.findings = items
        lines = [
            f"Langkah 9 belum dapat ditandatangani: pemeriksaan mutu LAKIP {year} menemukan "
            f"{len(items)} penghalang:"
        ]
        lines += [f"- {f.what} (perbaiki: {f.where})" for f in items]
        lines.append(
            "Perbaiki semuanya, ekspor LAKIP lagi, lalu selesaikan langkah 9 (daftar lengkap: "
            "lakip periksa). Admin dapat tetap menandatangani dengan alasan yang dicatat "
            "(lakip advance --abaikan-pemeriksaan ALASAN)."
        )
        super().__init__("\n".join(lines))


def quality_of(reader: Reader, year: int) -> QualityReport:
    return QualityReport(year, tuple(findings(reader.year_data(year), data_revision(reader, year))))


def check_quality(ctx: Context, year: int | None = None) -> QualityReport:
    with ctx.store.read() as r:
        return quality_of(r, year_or_current(r, year))


def sign_gate(reader: Reader, year: int, actor: Actor, override: str) -> dict[str, str]:
    """The rule of step 9. Nothing blocking: nothing to record. Blocking items: refused with
    their list, unless an administrator gives a reason; then what the step's pass records."""
    found = quality_of(reader, year).blocking
    if override.strip() and not actor.is_admin:
        raise UseCaseError(
            "Hanya admin yang boleh menandatangani walau pemeriksaan mutu menemukan penghalang; "
            f"akun '{actor.account}' bukan admin. Perbaiki penghalangnya (lakip periksa)."
        )
    if not found:
        return {}
    if not override.strip():
        raise QualityGateError(year, found)
    return {
        OVERRIDE_REASON: override.strip(),
        OVERRIDE_BY: actor.account,
        OVERRIDE_COUNT: str(len(found)),
    }
