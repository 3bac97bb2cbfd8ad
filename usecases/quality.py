"""The quality gate as a use case: the year's findings (models/quality.py) for `lakip periksa`
and the board's screens. Step 9 consults the same findings in ``usecases.reporting.advance``
(the rule: ``models.quality.sign_gate``)."""

from __future__ import annotations

from dataclasses import dataclass

from models.quality import Finding, QualityGateError, blocking
from store.repo import Reader
from usecases.context import Context
from usecases.remote import usecase
from usecases.reporting import year_findings, year_or_current

__all__ = ["QualityGateError", "QualityReport", "check_quality", "quality_of"]


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


def quality_of(reader: Reader, year: int) -> QualityReport:
    return QualityReport(year, tuple(year_findings(reader, year)))


@usecase
def check_quality(ctx: Context, year: int | None = None) -> QualityReport:
    with ctx.store.read() as r:
        return quality_of(r, year_or_current(r, year))
