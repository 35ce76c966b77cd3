"""Stored questionnaire administrations, criteria assessments and questionnaire schedules.

Scores are never computed here: ``Administration.result`` is the ``ScoreResult.to_dict()``
returned by :func:`painscope.instruments.score` at the moment the answers were stored, and
``CriteriaAssessment.output`` the dict returned by the criteria function. Answers are keyed
by linkId exactly as the pure package takes them, so they can be re-scored and exported as
FHIR (:func:`painscope.instruments.build_bundle`) at any time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Administration(models.Model):
    """One completed questionnaire."""

    SOURCES = [
        ("web", "web"),
        ("web-prefill", "web, confirmed diary suggestion"),
        ("api", "api"),
        ("import", "import"),
        ("demo", "demo"),
    ]

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="administrations"
    )
    instrument_id = models.CharField(max_length=40, db_index=True)
    answers = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    authored = models.DateTimeField(db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=16, choices=SOURCES, default="web")
    # e.g. the diary suggestion shown before the person confirmed their answers
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-authored", "-pk"]
        indexes = [models.Index(fields=["owner", "instrument_id", "authored"])]

    def __str__(self) -> str:
        return f"{self.instrument_id} at {self.authored:%Y-%m-%d %H:%M}"

    @property
    def total(self):
        return self.result.get("total")

    @property
    def band(self) -> str | None:
        return self.result.get("band")

    @property
    def alerts(self) -> list[dict]:
        return [f for f in self.result.get("flags", []) if f.get("level") == "alert"]


class CriteriaAssessment(models.Model):
    """One evaluation of clinical criteria (ACR 2016/2010/2011, IASP nociplastic, NeuPSIG).

    ``form_id`` and ``answers`` hold the clinician form when the assessment came from one
    (``iasp-nociplastic`` or ``neupsig``); ``input`` is always the criteria function's input.
    """

    CRITERIA = [
        ("acr2016", "ACR 2016 fibromyalgia"),
        ("acr2010", "ACR 2010 fibromyalgia"),
        ("acr2011", "ACR 2011 fibromyalgia"),
        ("nociplastic", "IASP 2021 nociplastic pain"),
        ("neupsig", "NeuPSIG 2016 neuropathic pain"),
    ]

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="criteria_assessments"
    )
    criteria = models.CharField(max_length=16, choices=CRITERIA)
    form_id = models.CharField(max_length=40, blank=True, default="")
    answers = models.JSONField(default=dict, blank=True)
    input = models.JSONField(default=dict)
    output = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.criteria} at {self.created:%Y-%m-%d %H:%M}"

    @property
    def grade(self) -> str:
        if "grade" in self.output:
            return str(self.output["grade"])
        return "criteria met" if self.output.get("criteria_met") else "criteria not met"


class AssessmentSchedule(models.Model):
    """Take ``instrument_id`` every ``every_days`` days; due ``every_days`` after the last
    administration (or from ``created`` when there is none yet)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_schedules"
    )
    instrument_id = models.CharField(max_length=40)
    every_days = models.PositiveSmallIntegerField(default=14)
    created = models.DateTimeField(auto_now_add=True)
    # Who asked for it: empty when the person scheduled it themselves, else the clinician who
    # assigned it through a share (FHIR ServiceRequest.requester / CarePlan.author; the
    # person answering is the performer, QuestionnaireResponse.author).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_schedules"
    )

    class Meta:
        ordering = ["instrument_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "instrument_id"], name="one_schedule_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} every {self.every_days} days"
