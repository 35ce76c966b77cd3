"""docs/model.md §3 lists every parameter with its source: it must be the parameter file itself."""

from __future__ import annotations

from pathlib import Path

from painscope.model.parameters import markdown_tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def test_documented_parameter_tables_match_the_parameter_file():
    doc = DOC.read_text("utf-8")
    start = doc.index("#### fast")
    end = doc.index("Slow-layer constants in code")
    assert doc[start:end].rstrip("\n") == markdown_tables().rstrip("\n"), (
        "docs/model.md §3 is out of date: regenerate it with `python -m painscope.model.parameters`"
    )
