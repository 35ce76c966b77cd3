"""painscope.insights — honest n-of-1 statistics on a person's daily diary.

Pure functions on daily tables (``painscope.diary.daily_table`` output): lagged effects
("what precedes my flares"), flares, treatment changes and planned experiments, forecasts.
Every report has ``to_dict()`` (the JSON the CLI and web page show) and ``sentences()``.
"""

from painscope.insights._daily import NotEnoughData, as_daily
from painscope.insights.triggers import Finding, NotTested, TriggerReport, lagged_effects

__all__ = [
    "Finding",
    "NotEnoughData",
    "NotTested",
    "TriggerReport",
    "as_daily",
    "lagged_effects",
]
