"""Errors raised by the instruments package: all are ``ValueError`` subclasses."""

from __future__ import annotations


class InstrumentError(ValueError):
    """Base class for errors a caller can fix (bad id, bad answers, bad input, bad text pack)."""


class UnknownInstrumentError(InstrumentError):
    """An instrument id that is not in the registry."""


class AnswerError(InstrumentError):
    """An answer set that cannot be scored; ``link_id`` names the offending item when there is one.

    Raised for an unknown linkId, a value of the wrong type or out of range, or a missing item
    that the instrument's missing-data rule does not allow to be missing. ``flags`` carries
    safety flags that hold even though the set cannot be scored (a positive PHQ-9 item 9).
    ``missing`` lists EVERY missing item that has to be answered before the set can be scored
    (so a form can mark them all at once); ``link_id`` is the first of them.
    """

    def __init__(
        self,
        message: str,
        link_id: str | None = None,
        flags: tuple = (),
        missing: tuple[str, ...] | list[str] = (),
    ) -> None:
        super().__init__(message)
        self.missing = tuple(missing)
        self.link_id = link_id if link_id is not None or not self.missing else self.missing[0]
        self.flags = tuple(flags)


class CriteriaInputError(InstrumentError):
    """Input to a clinical-criteria function that is missing a field or has a bad value."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class TextPackError(InstrumentError):
    """A site text pack that does not match painscope's instrument structure."""


class TextUnavailableError(InstrumentError):
    """Item text was requested for an instrument whose text is neither shipped nor in a text pack."""
