"""Sample answer sets built from the instrument structure."""

from __future__ import annotations

from painscope.instruments import get_instrument


def full_answers(iid: str) -> dict:
    """A complete, valid answer set built from the structure alone."""
    out = {}
    for it in get_instrument(iid).structure.items:
        if it.type in ("integer", "decimal"):
            out[it.link_id] = it.maximum if iid == "psqi" and it.link_id == "psqi-4" else it.minimum
        elif it.type == "choice":
            out[it.link_id] = it.options[0].code
        elif it.type == "boolean":
            out[it.link_id] = False
        elif it.type == "time":
            out[it.link_id] = "23:00" if it.link_id == "psqi-1" else "07:00"
        elif it.type == "string":
            out[it.link_id] = "x"
    if iid == "psqi":
        out["psqi-4"] = 7.0
    return out
