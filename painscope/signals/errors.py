"""Errors raised by the signals package: always a :class:`ValueError` naming where the problem is."""

from __future__ import annotations

from pathlib import Path


class SignalFormatError(ValueError):
    """A wearable or RR file that cannot be read as the format it claims to be.

    The message names the file and, where known, the line (or record) and the field, so that
    a person can open the file and find the problem (STYLE.md: "errors are for people").

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    path : str or Path, optional
        The file being read.
    line : int, optional
        1-based line of a text file.
    record : int, optional
        1-based record number in a binary (FIT: decoded frames) or XML (Apple: top-level
        elements) file, which have no meaningful lines; shown as "record N".
    field : str, optional
        Column, attribute or message field concerned.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        record: int | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.record = record
        self.field = field
        where = []
        if self.path is not None:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        if record is not None:
            where.append(f"record {record}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


class UnsafeXMLError(SignalFormatError):
    """An XML file using entity declarations or external references (rejected, never expanded)."""
