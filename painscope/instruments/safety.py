"""Safety flags: answers that need a human response whatever the total."""

from __future__ import annotations

from collections.abc import Sequence

from painscope.instruments.result import Flag

PHQ9_ITEM9_SOURCE = (
    "Kroenke K, Spitzer RL, Williams JBW, J Gen Intern Med 2001;16:606-613; any response other "
    "than 'not at all' to item 9 needs follow-up whatever the total (INSTRUMENTS.md §3.7)"
)


def phq9_item9_flag(item9: int | None, crisis_contacts: Sequence[str] = ()) -> Flag | None:
    """Safety flag for PHQ-9 item 9 (thoughts of being better off dead or of self-harm).

    Parameters
    ----------
    item9 : int | None
        The item-9 answer (0-3). Never prorated: ``None`` gives no flag (the scorer refuses a
        PHQ-9 without item 9).
    crisis_contacts : sequence of str
        The site's crisis contacts, included verbatim in the message.

    Returns
    -------
    Flag | None
        An ``alert`` flag with code ``safety-phq9-item9`` when ``item9 > 0``.
    """
    if item9 is None or item9 <= 0:
        return None
    contacts = (
        "; ".join(c for c in crisis_contacts if c)
        or "no crisis contacts are configured for this site"
    )
    return Flag(
        code="safety-phq9-item9",
        level="alert",
        message=(
            f"PHQ-9 item 9 answered {item9} (thoughts of being better off dead or of hurting "
            f"oneself). This needs a same-day check by a clinician. If you are in danger now, "
            f"get help immediately. Crisis contacts: {contacts}"
        ),
        source=PHQ9_ITEM9_SOURCE,
        data={"item9": item9, "crisis_contacts": list(crisis_contacts)},
    )
