"""Scoring functions, one module per instrument (or family of short forms).

Each module exposes ``score(values, *, strict=False, context=None) -> ScoreResult`` taking
validated answer values keyed by linkId, and ``MCID`` (an :class:`~painscope.instruments._common.Mcid`
or ``None``).
"""
