"""``lakip paket``: the office package of one year, written as one JSON file (``models.paket``,
``docs/PAKET.md``). Read-only for the data file: one read, then the file written outside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.paket import build_document, dump_document
from usecases.context import Context
from usecases.exporting import write_atomic
from usecases.remote import usecase_with
from usecases.reporting import UseCaseError, sop_of, year_or_current

__all__ = ["PaketResult", "default_paket_name", "write_paket"]


@dataclass(frozen=True)
class PaketResult:
    path: Path
    year: int
    checksum: str


def default_paket_name(office_short: str, year: int) -> str:
    from usecases.exporting import slug

    return f"Paket-LAKIP-{year}-{slug(office_short)}.json"


@usecase_with(outputs=("output",))
def write_paket(
    ctx: Context, output: Path, *, year: int | None = None, overwrite: bool = False
) -> PaketResult:
    """Write the package of ``year`` (default: the active year) to ``output`` (a ``.json`` file,
    or a folder for the default name); an existing file is kept unless ``overwrite``."""
    with ctx.store.read() as r:
        chosen = year_or_current(r, year)
        data = r.year_data(chosen)
        doc = build_document(data, sop_of(r), made_at=ctx.now(), audit_head=r.audit_head())
    out = Path(output).expanduser()
    if out.is_dir():
        out = out / default_paket_name(data.profile.office_short, chosen)
    elif out.suffix.lower() != ".json":
        raise UseCaseError(f"Berkas paket '{out}' harus berakhiran .json (atau sebutkan folder).")
    write_atomic(out, dump_document(doc), overwrite=overwrite)
    return PaketResult(out, chosen, str(doc["checksum"]))
