"""The canonical pain diary: schema, tidy CSV format, body regions, daily table.

Pure: pandas and NumPy only (ARCHITECTURE.md, rule 1).
"""

from painscope.diary.daily import daily_table
from painscope.diary.regions import FINE_REGIONS, REGIONS, WPI_AREAS, wpi_area_of
from painscope.diary.schema import CSV_HEADER, KINDS, MEASURES, QUALITIES, RATINGS
from painscope.diary.tidy import (
    DiaryError,
    Entry,
    Observation,
    RowProblem,
    check_observation,
    empty_frame,
    entries_to_frame,
    format_timestamp,
    format_value,
    frame_from_records,
    frame_to_entries,
    parse_timestamp,
    read_tidy_csv,
    sort_frame,
    validate_frame,
    write_tidy_csv,
)

__all__ = [
    "CSV_HEADER",
    "FINE_REGIONS",
    "KINDS",
    "MEASURES",
    "QUALITIES",
    "RATINGS",
    "REGIONS",
    "WPI_AREAS",
    "DiaryError",
    "Entry",
    "Observation",
    "RowProblem",
    "check_observation",
    "daily_table",
    "empty_frame",
    "entries_to_frame",
    "format_timestamp",
    "format_value",
    "frame_from_records",
    "frame_to_entries",
    "parse_timestamp",
    "read_tidy_csv",
    "sort_frame",
    "validate_frame",
    "wpi_area_of",
    "write_tidy_csv",
]
