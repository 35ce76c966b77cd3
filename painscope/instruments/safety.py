"""Safety flags: answers that need a human response whatever the total."""

from __future__ import annotations

from collections.abc import Sequence

from painscope.instruments.result import Flag

#: Shown when a site configures no crisis contacts of its own: generic and actionable, never
#: "none configured" (a person at risk must always be told where to turn). The same text is
#: the web default (``settings.CRISIS_CONTACTS``). Examples: 988 Suicide & Crisis Lifeline
#: (US, https://988lifeline.org); Samaritans 116 123 (UK and Ireland, https://www.samaritans.org).
DEFAULT_CRISIS_CONTACTS: tuple[str, ...] = (
    "If you are in danger or thinking about harming yourself, call your local emergency number "
    "now, or a crisis line (for example 988 in the US, 116 123 Samaritans in the UK and Ireland).",
)

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
        The site's crisis contacts, included verbatim in the message. Empty (no site
        configuration) uses :data:`DEFAULT_CRISIS_CONTACTS`.

    Returns
    -------
    Flag | None
        An ``alert`` flag with code ``safety-phq9-item9`` when ``item9 > 0``.
    """
    if item9 is None or item9 <= 0:
        return None
    given = [c for c in crisis_contacts if c and c.strip()]
    contacts_used = given or list(DEFAULT_CRISIS_CONTACTS)
    return Flag(
        code="safety-phq9-item9",
        level="alert",
        message=(
            f"PHQ-9 item 9 answered {item9} (thoughts of being better off dead or of hurting "
            f"oneself). This needs a same-day check by a clinician. If you are in danger now, "
            f"get help immediately. Crisis contacts: {'; '.join(contacts_used)}"
        ),
        source=PHQ9_ITEM9_SOURCE,
        data={
            "item9": item9,
            "crisis_contacts": contacts_used,
            "default_contacts": not given,
        },
    )
