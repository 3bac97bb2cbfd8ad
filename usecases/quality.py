"""The quality gate as a use case: the year's findings (models/quality.py) for `lakip periksa`,
the board's screen and step 9."""

from __future__ import annotations

from dataclasses import dataclass

from models.quality import Finding, blocking, findings
from usecases.context import Context
from usecases.reporting import year_or_current

__all__ = ["QualityReport", "check_quality"]


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


def check_quality(ctx: Context, year: int | None = None) -> QualityReport:
    with ctx.store.read() as r:
        y = year_or_current(r, year)
        data = r.year_data(y)
    return QualityReport(y, tuple(findings(data)))
