"""Questionnaires and criteria for the web: ownership, the site's catalogue, storing scores.

The one place that answers "whose is this?" for assessments (``get_*_for_user`` → 404), and
the thin layer between form posts and :mod:`painscope.instruments`: every number stored or
shown is computed there (``score``, ``evaluate_form``, ``acr_2016``,
``prefill.suggest_acr_survey``, ``build_bundle``); this module only parses, stores and looks up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from painscope import instruments as ins
from painscope.web.assessments.models import Administration, AssessmentSchedule, CriteriaAssessment
from painscope.web.care import gate

#: The fibromyalgia survey has its own page (diary pre-fill); the clinician forms theirs.
ACR_SURVEY = "acr-fm-survey"
CLINICIAN_FORMS = {"iasp-nociplastic": "nociplastic", "neupsig": "neupsig"}
#: Form fields that are not answers.
RESERVED_FIELDS = {"csrfmiddlewaretoken", "confirm_suggestion", "used_suggestion"}

# -- ownership: every helper asks the one gate (painscope.web.care.gate) ------------------


def get_administration_for_user(user: AbstractBaseUser, pk: int, viewer: AbstractBaseUser | None = None) -> Administration:
    """The administration with this id if ``user`` owns it; 404 otherwise (never 403)."""
    gate.require(viewer or user, user, "questionnaires")
    try:
        return Administration.objects.get(pk=pk, owner=user)
    except (Administration.DoesNotExist, ValueError, TypeError):
        raise Http404("No such questionnaire result") from None


def get_criteria_for_user(user: AbstractBaseUser, pk: int, viewer: AbstractBaseUser | None = None) -> CriteriaAssessment:
    gate.require(viewer or user, user, "questionnaires")
    try:
        return CriteriaAssessment.objects.get(pk=pk, owner=user)
    except (CriteriaAssessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such assessment") from None


def get_schedule_for_user(user: AbstractBaseUser, pk: int, viewer: AbstractBaseUser | None = None) -> AssessmentSchedule:
    gate.require(viewer or user, user, "questionnaires")
    try:
        return AssessmentSchedule.objects.get(pk=pk, owner=user)
    except (AssessmentSchedule.DoesNotExist, ValueError, TypeError):
        raise Http404("No such schedule") from None


def administrations_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "questionnaires")
    return Administration.objects.filter(owner=user)


def criteria_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "questionnaires")
    return CriteriaAssessment.objects.filter(owner=user)


def schedules_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "questionnaires")
    return AssessmentSchedule.objects.filter(owner=user)


# -- the site's catalogue -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _text_packs() -> tuple[ins.TextPacks | None, str]:
    try:
        return ins.load_text_packs(), ""
    except ins.TextPackError as exc:
        return None, str(exc)


def text_packs() -> ins.TextPacks | None:
    """The site's validated text packs (``PAINSCOPE_TEXT_PACKS``), or None if they failed."""
    return _text_packs()[0]


def text_pack_problem() -> str:
    """Why the site's text packs could not be loaded ("" when they loaded or none are set)."""
    return _text_packs()[1]


def reload_text_packs() -> None:
    """Forget the loaded packs (tests, or after a site changes ``PAINSCOPE_TEXT_PACKS``)."""
    _text_packs.cache_clear()


def crisis_contacts() -> list[str]:
    """The site's crisis contacts (``settings.CRISIS_CONTACTS``, ``;``-separated as in the CLI);
    a site that sets none gets the same generic, actionable text as the CLI
    (:data:`painscope.instruments.DEFAULT_CRISIS_CONTACTS`), never "none configured"."""
    given = [c.strip() for c in str(settings.CRISIS_CONTACTS or "").split(";") if c.strip()]
    return given or list(ins.DEFAULT_CRISIS_CONTACTS)


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    title: str
    tier: str
    available: bool
    reason: str
    n_items: int
    n_questions: int  # what the form asks, scored or not (PHQ-9: 10)
    mcid: dict | None
    higher_is_better: bool

    @property
    def url(self) -> str:
        if self.id == ACR_SURVEY:
            return reverse("assessment_acr")
        return reverse("assessment_take", args=[self.id])


def catalogue() -> list[CatalogueEntry]:
    """Every scorable instrument, with whether this site can show its item text and why not."""
    packs = text_packs()
    problem = text_pack_problem()
    out = []
    for row in ins.list_instruments(packs):
        if row["text_available"]:
            reason = ""
        elif problem:
            reason = _(
                "Not available on this site: the site's licensed question text could not be "
                "loaded (%(problem)s)."
            ) % {"problem": problem}
        else:
            reason = _(
                "Not available on this site: the wording of this questionnaire is licensed, so "
                "painscope does not ship it. A site that holds a licence can add it as a text pack."
            )
        out.append(
            CatalogueEntry(
                row["id"], row["title"], row["tier"], bool(row["text_available"]), reason,
                row["n_items"], row["n_questions"], row["mcid"], row["higher_is_better"],
            )
        )
    return out


def catalogue_entry(instrument_id: str) -> CatalogueEntry:
    """The catalogue entry for ``instrument_id``; 404 for an unknown id."""
    for entry in catalogue():
        if entry.id == instrument_id:
            return entry
    raise Http404("No such questionnaire")


def title_of(instrument_id: str) -> str:
    try:
        return ins.get_instrument(instrument_id).structure.title
    except ins.UnknownInstrumentError:
        return ins.load_questionnaire(instrument_id).get("title", instrument_id)


# -- answers from a form post ---------------------------------------------------------------

_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?\d+(\.\d+)?$")


def _coerce(item: Mapping[str, Any], raw: str) -> Any:
    """A posted string as the value type the pure package expects; anything unparseable is
    passed on unchanged so that :func:`painscope.instruments.score` names the item."""
    text = raw.strip()
    kind = item.get("type")
    if kind == "boolean":
        return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(
            text.lower(), text
        )
    if kind == "integer":
        return int(text) if _INT.match(text) else text
    if kind == "decimal":
        return float(text) if _NUM.match(text) else text
    if kind == "choice":
        for option in item.get("answers") or []:
            if str(option["value"]) == text:
                return option["value"]
        return int(text) if _INT.match(text) else text
    return text


def answers_from_post(items: list[dict[str, Any]], post: Mapping[str, Any]) -> dict[str, Any]:
    """Answers keyed by linkId from a form post. Empty fields mean "not answered"; unknown
    field names are kept, so the pure validator rejects them by name."""
    by_id = {it["link_id"]: it for it in items}
    answers: dict[str, Any] = {}
    for key in post:
        if key in RESERVED_FIELDS:
            continue
        raw = post.get(key)
        if key in by_id and by_id[key].get("type") == "display":
            continue
        if raw is None or str(raw).strip() == "":
            answers[key] = None
            continue
        answers[key] = _coerce(by_id.get(key, {}), str(raw))
    # an optional yes/no item is one checkbox on the form: unticked is not posted, and
    # stays "not answered" (the ACR survey counts an unanswered body area as no pain)
    return answers


def item_label(items: list[dict[str, Any]], link_id: str | None) -> str:
    """'Question 3' for a linkId on the form, or the linkId itself."""
    for it in items:
        if it["link_id"] == link_id:
            return f"Question {it.get('prefix') or link_id}"
    return f"'{link_id}'" if link_id else "The answers"


def _question(items: list[dict[str, Any]], link_id: str) -> tuple[dict[str, Any] | None, str]:
    """The form item and its question number as the person sees it ("3")."""
    asked = [it for it in items if it.get("type") != "display"]
    for i, it in enumerate(asked, start=1):
        if it["link_id"] == link_id:
            return it, str(it.get("prefix") or i)
    return None, link_id


def _wording(item: Mapping[str, Any], number: str) -> str:
    """What to do about a bad answer, in words: never the answer codes or ranges of the
    Questionnaire definition (those are in the pure validator's message, for the CLI)."""
    kind = item.get("type")
    if kind == "choice":
        return _("Choose one of the answers for question %(number)s.") % {"number": number}
    if kind == "boolean":
        return _("Choose yes or no for question %(number)s.") % {"number": number}
    if kind in ("integer", "decimal"):
        lo, hi = item.get("minimum"), item.get("maximum")
        if lo is not None and hi is not None:
            values = {"lo": f"{lo:g}", "hi": f"{hi:g}", "number": number}
            if kind == "integer":
                return _("Enter a whole number from %(lo)s to %(hi)s for question %(number)s.") % values
            return _("Enter a number from %(lo)s to %(hi)s for question %(number)s.") % values
        if kind == "integer":
            return _("Enter a whole number for question %(number)s.") % {"number": number}
        return _("Enter a number for question %(number)s.") % {"number": number}
    if kind == "time":
        return _("Enter a time such as 22:30 for question %(number)s.") % {"number": number}
    return _("Check the answer to question %(number)s.") % {"number": number}


def validate_items(instrument_id: str, items: list[dict[str, Any]], answers: Mapping[str, Any]) -> dict[str, str]:
    """Every per-item problem at once, keyed by linkId, in words a patient can act on.

    Checks each answer with the pure validator (unknown item, wrong type, out of range), then
    asks :func:`painscope.instruments.missing_answers` for EVERY unanswered item the scoring
    rule needs (not only the first), plus the form's required items.
    """
    from painscope.instruments.structure import load_structure, validate_answers

    structure = load_structure(instrument_id)
    errors: dict[str, str] = {}
    for key, value in answers.items():
        try:
            validate_answers(structure, {key: value})
        except ins.AnswerError as exc:
            lid = exc.link_id or key
            item, number = _question(items, lid)
            errors[lid] = (
                _wording(item, number) if item is not None
                else _("'%(link_id)s' is not a question of this questionnaire.") % {"link_id": lid}
            )
    valid = {k: v for k, v in answers.items() if k not in errors}
    try:
        needed = ins.missing_answers(instrument_id, valid, text_packs=text_packs())
    except ins.UnknownInstrumentError:  # clinician forms: their required items are below
        needed = []
    needed += [it["link_id"] for it in items if it.get("required") and answers.get(it["link_id"]) is None]
    for lid in needed:
        if lid not in errors:
            errors[lid] = _("Please answer question %(number)s.") % {"number": _question(items, lid)[1]}
    return errors


def answer_error_messages(items: list[dict[str, Any]], exc: ins.AnswerError) -> dict[str, str]:
    """A scoring refusal that :func:`validate_items` did not foresee, in words, per question."""
    lids = list(exc.missing) or ([exc.link_id] if exc.link_id else [])
    out = {}
    for lid in lids:
        item, number = _question(items, lid)
        out[lid] = (
            _("Please answer question %(number)s.") % {"number": number} if item is not None
            else _("'%(link_id)s' is not a question of this questionnaire.") % {"link_id": lid}
        )
    return out or {"_form": _("These answers could not be scored. Please check them and try again.")}


# -- storing --------------------------------------------------------------------------------


def previous_administration(user: AbstractBaseUser, instrument_id: str) -> Administration | None:
    return administrations_for_user(user).filter(instrument_id=instrument_id).first()


def score_and_store(
    user: AbstractBaseUser,
    instrument_id: str,
    answers: Mapping[str, Any],
    *,
    source: str = "web",
    details: Mapping[str, Any] | None = None,
    authored: datetime | None = None,
) -> Administration:
    """Score with :func:`painscope.instruments.score` (against the previous administration,
    for the meaningful-change flag) and store answers and result together.

    Raises ``AnswerError`` (nothing stored) for answers the instrument cannot score.
    """
    with transaction.atomic():
        previous = previous_administration(user, instrument_id)
        result = ins.score(
            instrument_id,
            answers,
            previous=previous.result if previous is not None else None,
            crisis_contacts=crisis_contacts(),
            text_packs=text_packs(),
        )
        doc = result.to_dict()
        if previous is not None:
            doc["previous"] = {"id": previous.pk, "total": previous.total, "authored": previous.authored.isoformat()}
        adm = Administration.objects.create(
            owner=user,
            instrument_id=instrument_id,
            answers={k: v for k, v in answers.items() if v is not None},
            result=doc,
            authored=authored or datetime.now(UTC),
            source=source,
            details=dict(details or {}),
        )
        # a positive PHQ-9 item 9 goes on the list of clinicians the person shares with
        from painscope.web.care.services import notify_item9

        notify_item9(adm)
        return adm


def evaluate_and_store_form(user: AbstractBaseUser, form_id: str, answers: Mapping[str, Any]) -> CriteriaAssessment:
    """Grade a clinician form (``iasp-nociplastic`` or ``neupsig``) and store it."""
    data = ins.form_to_criteria_input(form_id, answers)
    output = ins.evaluate_form(form_id, answers)
    return CriteriaAssessment.objects.create(
        owner=user,
        criteria=CLINICIAN_FORMS[form_id],
        form_id=form_id,
        answers={k: v for k, v in answers.items() if v is not None},
        input=data,
        output=output,
    )


# -- schedules and the dashboard card -------------------------------------------------------


@dataclass(frozen=True)
class ScheduleStatus:
    schedule: AssessmentSchedule
    title: str
    last: Administration | None
    next_due: datetime
    due: bool

    @property
    def url(self) -> str:
        if self.schedule.instrument_id == ACR_SURVEY:
            return reverse("assessment_acr")
        return reverse("assessment_take", args=[self.schedule.instrument_id])


def schedule_status(user: AbstractBaseUser, now: datetime | None = None) -> list[ScheduleStatus]:
    """Each schedule with its next due time: ``every_days`` after the last administration, or
    from when the schedule was made if the questionnaire was never taken."""
    now = now or datetime.now(UTC)
    out = []
    for s in schedules_for_user(user):
        last = previous_administration(user, s.instrument_id)
        start = last.authored if last is not None else s.created
        next_due = start + timedelta(days=s.every_days) if last is not None else start
        out.append(ScheduleStatus(s, title_of(s.instrument_id), last, next_due, next_due <= now))
    return sorted(out, key=lambda x: x.next_due)


#: How long the overview keeps showing a positive PHQ-9 item 9: one usual PHQ-9 interval
#: (two weeks, the recall period of the PHQ-9; Kroenke 2001). Presentation rule of this site.
SAFETY_WINDOW_DAYS = 14
ITEM9_FLAG = "safety-phq9-item9"


@dataclass(frozen=True)
class Item9Notice:
    """A PHQ-9 with a positive item 9 answered within :data:`SAFETY_WINDOW_DAYS`."""

    administration: Administration
    is_latest: bool  # the person's most recent PHQ-9 (otherwise a later one said 0)
    window_days: int = SAFETY_WINDOW_DAYS

    @property
    def url(self) -> str:
        return reverse("assessment_result", args=[self.administration.pk])


def recent_item9_notice(user: AbstractBaseUser, now: datetime | None = None) -> Item9Notice | None:
    """The most recent PHQ-9 of the last :data:`SAFETY_WINDOW_DAYS` days whose item 9 was above 0
    (the pure scorer's ``safety-phq9-item9`` flag), or ``None``."""
    now = now or datetime.now(UTC)
    phq9 = administrations_for_user(user).filter(instrument_id="phq9")
    latest = phq9.filter(authored__lte=now).first()
    recent = phq9.filter(authored__gte=now - timedelta(days=SAFETY_WINDOW_DAYS), authored__lte=now)
    for adm in recent:  # newest first (model ordering)
        if any(f.get("code") == ITEM9_FLAG for f in adm.alerts):
            return Item9Notice(adm, latest is not None and adm.pk == latest.pk)
    return None


def _clinicians_told(user: AbstractBaseUser) -> list[str]:
    """Who gets a positive item 9 on their patients list (painscope.web.care)."""
    from painscope.web.care.services import linked_clinicians

    return [c.username for c in linked_clinicians(user, "questionnaires")]


def dashboard_card_context(user: AbstractBaseUser, now: datetime | None = None) -> dict[str, Any]:
    """Context for ``assessments/_dashboard_card.html``: a recent positive PHQ-9 item 9 with the
    crisis contacts (shown first), questionnaires due now and the next one."""
    rows = schedule_status(user, now)
    notice = recent_item9_notice(user, now)
    return {
        "assessments_item9": notice,
        "assessments_crisis_contacts": crisis_contacts() if notice else [],
        "assessments_item9_clinicians": _clinicians_told(user) if notice else [],
        "assessments_due": [r for r in rows if r.due],
        "assessments_next": next((r for r in rows if not r.due), None),
        "assessments_scheduled": bool(rows),
    }


# -- FHIR -------------------------------------------------------------------------------------


def patient_id(user: AbstractBaseUser) -> str:
    """The FHIR Patient id used for this person in exports."""
    return f"painscope-user-{user.pk}"


def fhir_records(user: AbstractBaseUser) -> list[ins.Administration | ins.CriteriaAssessment]:
    """The person's administrations and criteria assessments as inputs of ``build_bundle``."""
    records: list[ins.Administration | ins.CriteriaAssessment] = []
    for a in administrations_for_user(user).order_by("authored", "pk"):
        records.append(ins.Administration(a.instrument_id, a.answers, a.authored.astimezone(UTC), id=f"administration-{a.pk}"))
    for c in criteria_for_user(user).order_by("created", "pk"):
        when = c.created.astimezone(UTC)
        if c.form_id:
            records.append(ins.Administration(c.form_id, c.answers, when, id=f"criteria-{c.pk}"))
        else:
            records.append(ins.CriteriaAssessment(c.criteria, c.input, when, id=f"criteria-{c.pk}"))
    return records


def fhir_bundle(user: AbstractBaseUser) -> tuple[dict[str, Any], list[str]]:
    """A FHIR R4 collection Bundle of everything the person answered (``build_bundle``).

    Returns the Bundle and a list of records left out, each with the reason (a stored answer
    set the current definitions no longer accept): one bad record never blocks the export.
    """
    pid = patient_id(user)
    entries: list[dict[str, Any]] = []
    skipped: list[str] = []
    for record in fhir_records(user):
        try:
            entries += ins.build_bundle(pid, [record])["entry"]
        except ins.InstrumentError as exc:
            what = getattr(record, "instrument", None) or getattr(record, "criteria", "?")
            skipped.append(f"{what} ({record.id}): {exc}")
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "collection"}
    if entries:  # FHIR JSON never has empty arrays
        bundle["entry"] = entries
    return bundle, skipped
