"""The care pages' words in the page's language (issue 16).

``models.KIND_LABELS``, the share kinds and ``services.CareError`` stay English where the
command line, the API, the audit export and the clinician report use them; the pages say
them through these catalogue entries instead (the English is the same).
"""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext, gettext_lazy, gettext_noop, pgettext_lazy

#: models.KIND_LABELS, as the pages show them.
KIND_LABELS = {
    "diary": gettext_lazy("check-ins (pain, sleep, mood, body map)"),
    "medications": gettext_lazy("medications and doses"),
    "questionnaires": gettext_lazy("questionnaire results"),
    "wearables": gettext_lazy("wearable data (HRV, sleep, steps)"),
    "insights": gettext_lazy("insights (patterns, flares)"),
    "notes": gettext_lazy("written notes"),
}

#: The short names of the kinds (models.KINDS), as the pages list a share's scope.
KIND_NAMES = {
    "diary": pgettext_lazy("kind of shared data", "diary"),
    "medications": pgettext_lazy("kind of shared data", "medications"),
    "questionnaires": pgettext_lazy("kind of shared data", "questionnaires"),
    "wearables": pgettext_lazy("kind of shared data", "wearables"),
    "insights": pgettext_lazy("kind of shared data", "insights"),
    "notes": pgettext_lazy("kind of shared data", "notes"),
}

#: services.EVENT_WORDS, as the audit page shows them.
EVENT_WORDS = {
    "view": gettext_lazy("looked at"),
    "download": gettext_lazy("downloaded"),
    "assign": gettext_lazy("assigned a questionnaire"),
    "share.invite": gettext_lazy("made a sharing code"),
    "share.accept": gettext_lazy("accepted the sharing code"),
    "share.revoke": gettext_lazy("ended the share"),
}

THROUGH = {
    "the API": gettext_lazy("the API"),
    "the command line": gettext_lazy("the command line"),
    "the website": gettext_lazy("the website"),
}

#: The services' refusals a person can meet on the pages, as the pages say them
#: (``str(exc).capitalize() + "."``); others stay English.
CARE_ERRORS = (
    gettext_noop("This code is not valid: it may be mistyped, already used, withdrawn or past its end."),
    gettext_noop("Enter the sharing code the patient gave you."),
    gettext_noop("You cannot accept your own sharing code."),
    gettext_noop("Only clinician accounts can accept a sharing code (ask the site's administrator)."),
    gettext_noop("Clinician accounts cannot share data; sign in with a patient account."),
    gettext_noop(
        "Choose at least one kind of data to share (diary, medications, questionnaires, wearables, insights, notes)."
    ),
)


def kind_names(kinds) -> str:
    """A share's scope as the page lists it: "diary, medications"."""
    return ", ".join(str(KIND_NAMES.get(k, k)) for k in kinds)


def kind_labels(kinds) -> list[str]:
    return [str(KIND_LABELS.get(k, k)) for k in kinds]


def error_sentence(exc: Exception) -> str:
    """A service's refusal as one sentence of the page (translated when the catalogue has it)."""
    sentence = str(exc).capitalize() + "."
    return gettext(sentence)


def audit_line(line, patient_pk: int):
    """One line of the audit page in the page's language."""
    who = gettext("you") if line.event.actor_id == patient_pk else line.who
    what = "" if line.event.kind == "share" else str(KIND_LABELS.get(line.event.kind, line.what))
    did = str(EVENT_WORDS.get(line.event.event, line.did))
    return dataclasses.replace(line, who=who, did=did, what=what, through=str(THROUGH.get(line.through, line.through)))
