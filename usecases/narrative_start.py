"""The starting text of an empty narrative chapter, read from ``narrative_start.json``.

Offered in the narrative editor for the office to edit; never saved by itself. The prose is data
(the JSON file beside this module); this module only fills in the office, the report's name and
the year.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from models.domain import Profile
from models.report import chapter_title

__all__ = ["default_narrative"]


@cache
def _texts() -> dict[str, str]:
    raw = resources.files(__package__).joinpath("narrative_start.json").read_text(encoding="utf-8")
    texts: dict[str, str] = json.loads(raw)["bab"]
    return texts


def default_narrative(key: str, profile: Profile, year: int) -> str:
    """A starting text for an empty chapter, for the office to edit (never saved by itself)."""
    template = _texts().get(key, f"[Tuliskan {chapter_title(key).lower()} Tahun {{tahun}}.]")
    office = " ".join(profile.office.title().split()) or "Perangkat Daerah"
    return (
        profile.fill_report_name(template)
        .replace("{kantor}", office)
        .replace("{tahun}", str(year))
        .replace("{kota}", profile.city)
    )
