"""The performance data screens, each constructed as ``Screen(ctx, year)``.

Imported lazily (``from tui.data_screens import IndicatorsScreen`` loads only what it needs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.data_screens.bidang import BidangScreen
    from tui.data_screens.budget import BudgetScreen
    from tui.data_screens.indicators import IndicatorsScreen
    from tui.data_screens.narrative import NarrativeScreen
    from tui.data_screens.profile import ProfileScreen

__all__ = ["BidangScreen", "BudgetScreen", "IndicatorsScreen", "NarrativeScreen", "ProfileScreen"]

_MODULES = {
    "IndicatorsScreen": "indicators",
    "BudgetScreen": "budget",
    "BidangScreen": "bidang",
    "ProfileScreen": "profile",
    "NarrativeScreen": "narrative",
}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        import importlib

        return getattr(importlib.import_module(f"tui.data_screens.{_MODULES[name]}"), name)
    raise AttributeError(name)
