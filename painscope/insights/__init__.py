"""painscope.insights — honest n-of-1 statistics on a person's daily diary.

Pure functions on daily tables (``painscope.diary.daily_table`` output, or the canonical
diary frame): lagged effects ("what precedes my flares"), flares, treatment changes and
planned on/off experiments, next-day forecasts. Every report has ``to_dict()`` (the JSON the
CLI and the web page show) and ``sentences()`` (plain language). See docs/insights.md.
"""

from painscope.insights._daily import NotEnoughData, as_daily
from painscope.insights._text import magnitude, signed
from painscope.insights.change import (
    AbabPlan,
    AbabReport,
    ChangeReport,
    abab_analysis,
    abab_plan,
    change_analysis,
)
from painscope.insights.flares import FlareEpisode, FlareReport, detect_flares
from painscope.insights.forecast import ForecastReport, crps_gaussian, forecast
from painscope.insights.power import POWER_GUIDE, POWER_RUNS, data_needed_message
from painscope.insights.triggers import Finding, NotTested, TriggerReport, lagged_effects

__all__ = [
    "POWER_GUIDE",
    "POWER_RUNS",
    "AbabPlan",
    "AbabReport",
    "ChangeReport",
    "Finding",
    "FlareEpisode",
    "FlareReport",
    "ForecastReport",
    "NotEnoughData",
    "NotTested",
    "TriggerReport",
    "abab_analysis",
    "abab_plan",
    "as_daily",
    "change_analysis",
    "crps_gaussian",
    "data_needed_message",
    "detect_flares",
    "forecast",
    "lagged_effects",
    "magnitude",
    "signed",
]
