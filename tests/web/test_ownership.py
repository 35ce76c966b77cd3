"""Every URL of the site, walked as a second person: nobody sees or changes another's data.

The walk reads the live URL map (``django.urls.get_resolver``) and the live model registry,
so pages, API routes and apps added later are checked without editing this file:

- Person A gets one object **with the same id** (``OWNED_ID``) in every model that belongs
  to a person (a foreign key to the user, or to such a model). Whatever model a page looks
  up by ``<int:...>``, the id it is given is A's.
- For every route, as person B (session cookie; for /api/ also a Bearer token), GET, POST,
  PUT, PATCH and DELETE must answer 403, 404 or 405 when the path holds A's id; forms
  without ids in the path are posted A's id under the usual field names;
- no response may contain A's private words (``SECRET``: notes, names, username, ...);
- afterwards every row of A, in every owned model, is exactly as before;
- anonymous visitors are sent to the login page (pages) or get 401 (API);
- the same walk as four **clinicians**: one never linked to A, one linked with a share whose
  scope holds none of what the pages show (``OUTSIDE_SCOPE``), one whose share has expired
  and one whose share was revoked. Only the clinician's own views of A (routes with a
  ``patient_id``) may answer the one in-scope clinician, and then without A's private words;
- the audit log grows by design (the gate logs each refused look); rows that were there
  before the walk must not change.

What it cannot guess, it refuses loudly: a text parameter it has no value for, an integer
parameter that is not an id (add it to ``NOT_IDS``), an owned model it cannot fill, or a
page answering anonymous visitors without being on the short ``PUBLIC`` list.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from painscope.web.accounts.models import ApiToken, Profile
from painscope.web.care.models import KINDS, AuditEvent, Share
from painscope.web.care.services import set_role
from painscope.web.journal.models import DoseLog, Entry, Medication, Observation
from tests.web.signin import sign_in

pytestmark = pytest.mark.django_db

# URL names anyone may open without an account. Keep this short and deliberate: a page
# missing here that answers anonymous visitors makes the walk fail.
PUBLIC = {
    "healthz",
    "login",
    "signup",
    "api:openapi-json",  # the API's description, no data
    "api:openapi-view",  # its interactive docs page
    "api:api-root",  # redirects to the docs
    "plotly_js",  # the chart library, a static file
    "explain",  # "How pain works": education and a model explorer, no personal data
    "password_reset",  # forgotten password: asks for an e-mail address
    "password_reset_done",  # "check your e-mail", the same for everybody
    "password_reset_confirm",  # the link from the e-mail (the token in it is the credential)
    "password_reset_complete",  # "your password is changed"
    "reminder_feed",  # a calendar feed: the secret address is the key (404 for any other)
    "reminder_act",  # notification buttons: authorised by a signed one-reminder token
    "caregiver_invite",  # a caregiver's accept/stop page: the secret link is the key
    "service_worker",  # static script
    "web_manifest",  # static web-app manifest
    "offline",  # the app's "no connection" page, kept by the service worker: nobody's data
    "javascript-catalog",  # the scripts' words in the page's language (Django's JavaScriptCatalog): no data
}

OWNED_ID = 424242  # the id of person A's object in every owned model
SECRET = "zq7313"  # appears in every private text of person A and nowhere else
# Text parameters that are not anybody's data: catalogue codes, asset versions.
TEXT_VALUES = {"instrument_id": "phq9", "version": "0", "form_id": "neupsig", "uidb64": "MQ", "token": "set-password"}
# Integer parameters that are not ids (a page of B's own calendar answers 200 for them).
NOT_IDS = {"year": 2024, "month": 3, "day": 1, "days": 30, "weeks": 4, "page": 1}
# Form fields through which a page without ids in its path may be handed an id.
ID_FIELDS = (
    "id", "pk", "entry", "entry_id", "medication", "medication_id", "dose", "dose_id", "token", "token_id",
    "experiment", "experiment_id", "schedule", "schedule_id", "administration", "assessment", "object", "item",
)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # Django route syntax, e.g. "api/v1/entries/<int:entry_id>"
    name: str  # namespaced URL name, or the route when unnamed

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(m["converter"] or "str", m["name"]) for m in _PARAM.finditer(self.route)]

    @property
    def has_ids(self) -> bool:
        return any(conv == "int" and name not in NOT_IDS for conv, name in self.params)

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    def __str__(self) -> str:
        return f"/{self.route} ({self.name})"


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _walk(p.url_patterns, prefix + _route_text(p), ns)
        elif isinstance(p, URLPattern):
            route = prefix + _route_text(p)
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
            yield Route(route, name)


def _route_text(p: URLPattern | URLResolver) -> str:
    if isinstance(p.pattern, RoutePattern):
        return str(p.pattern)
    # re_path: only plain regexes without groups can be turned back into a URL
    regex = str(p.pattern).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    if re.search(r"[()\[\]*+?{}|]", regex.replace("\\.", "")):
        return f"<regex:{regex}>"
    return regex.replace("\\", "")


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for r in _walk(get_resolver().url_patterns):
        seen.setdefault(r.route, r)  # ninja lists a path once per HTTP method
    return sorted(seen.values(), key=lambda r: r.route)


ROUTES = all_routes()
PRIVATE_ROUTES = [r for r in ROUTES if r.name not in PUBLIC]
# Private when signed in (the person's own overview, walked as another person below), the
# public landing page when not: what painscope is, who runs it, how data is kept.
SIGNED_OUT_LANDING = {"dashboard"}


def unfillable(route: Route) -> list[str]:
    """The parameters of ``route`` this test has no value for."""
    if "<regex:" in route.route:
        return ["a regex with groups (use path() with converters)"]
    return [
        f"<{conv}:{name}>"
        for conv, name in route.params
        if not (conv == "int" or (conv in ("str", "slug") and name in TEXT_VALUES))
    ]


def fill(route: Route) -> str:
    """The route as a URL: ids are A's ``OWNED_ID``; fails loudly on an unknown parameter."""
    problems = unfillable(route)
    if problems:
        pytest.fail(
            f"{route}: this test has no value for {', '.join(problems)}. Add the name to "
            "TEXT_VALUES (codes that are nobody's data) in tests/web/test_ownership.py, or use "
            "an <int:...> id, so the page is checked for ownership."
        )

    def value(m: re.Match) -> str:
        name = m["name"]
        if (m["converter"] or "str") == "int":
            return str(NOT_IDS.get(name, OWNED_ID))
        return TEXT_VALUES[name]

    return "/" + _PARAM.sub(value, route.route)


# -- whose data: every model that belongs to a person ---------------------------------------


def _user_fields(model) -> list[models.Field]:
    User = get_user_model()
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is User]


def owned_models() -> tuple[list, list]:
    """Models with a foreign key to the user, and models with a foreign key to those."""
    candidates = [
        m for m in apps.get_models() if m._meta.managed and not m._meta.proxy and m is not get_user_model()
    ]
    direct = [m for m in candidates if _user_fields(m)]
    children = [
        m for m in candidates
        if m not in direct and any(f.is_relation and f.many_to_one and f.related_model in direct for f in m._meta.concrete_fields)
    ]
    return direct, children


def _auto_value(field: models.Field, owner, made: dict):
    if field.is_relation:
        if field.related_model is get_user_model():
            return owner
        if field.related_model in made:
            return made[field.related_model]
        raise LookupError(f"no object of {field.related_model.__name__} to point to")
    if field.choices:
        return field.choices[0][0]
    kind = field.get_internal_type()
    if kind in ("CharField", "TextField", "SlugField"):
        return SECRET[: field.max_length or 80]
    if kind == "EmailField":
        return f"{SECRET}@example.org"
    if "Integer" in kind or kind in ("FloatField", "DecimalField"):
        return 1
    if kind == "BooleanField":
        return False
    if kind == "DateField":
        return date(2024, 3, 1)
    if kind == "DateTimeField":
        return datetime(2024, 3, 1, 8, tzinfo=UTC)
    if kind == "TimeField":
        return time(8)
    if kind == "DurationField":
        return timedelta(days=1)
    if kind == "JSONField":
        return {}
    if kind == "UUIDField":
        return uuid.uuid4()
    raise LookupError(f"no sample value for a {kind}")


def autofill(model, owner, made: dict):
    """An object of ``model`` for ``owner`` with id ``OWNED_ID``, its fields filled plainly."""
    values = {model._meta.pk.attname: OWNED_ID}
    for field in model._meta.concrete_fields:
        if field.primary_key and not field.is_relation:
            continue
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if not field.is_relation and (field.has_default() or field.null or auto):
            continue
        try:
            values[field.name] = _auto_value(field, owner, made)
        except LookupError as exc:
            if field.null:
                continue
            pytest.fail(f"cannot make person A's {model.__name__} for the walk: {field.name}: {exc}. Add it to make_first_person().")
    try:
        return model.objects.create(**values)
    except Exception as exc:
        pytest.fail(f"cannot make person A's {model.__name__} for the walk ({exc}); add it to make_first_person()")


def make_first_person() -> dict:
    """Person A: readable objects for the models we know, plain ones for every other."""
    # A's own id is OWNED_ID too, so a clinician's page of a patient (<int:patient_id>) is A's
    user = get_user_model().objects.create_user(f"ada_{SECRET}", email=f"ada_{SECRET}@example.org", pk=OWNED_ID)
    made: dict = {}
    made[Profile] = Profile.objects.create(pk=OWNED_ID, user=user, tracked_factors=[f"factor_{SECRET}"])
    made[Entry] = entry = Entry.objects.create(
        pk=OWNED_ID, owner=user, utc=datetime(2024, 3, 1, 8, tzinfo=UTC), offset_minutes=60, local_date=date(2024, 3, 1)
    )
    made[Observation] = Observation.objects.create(pk=OWNED_ID, entry=entry, kind="note", name="note", note=f"note {SECRET}")
    Observation.objects.create(entry=entry, kind="rating", name="pain", value=6)
    Observation.objects.create(entry=entry, kind="food", name=f"food {SECRET}", value=1)
    made[Medication] = medication = Medication.objects.create(
        pk=OWNED_ID, owner=user, name=f"Med {SECRET}", dose=50, times=["08:00"], start_date=date(2024, 1, 1), notes=f"notes {SECRET}"
    )
    made[DoseLog] = DoseLog.objects.create(
        pk=OWNED_ID, owner=user, medication=medication, status=DoseLog.TAKEN, at=datetime(2024, 3, 1, 8, 5, tzinfo=UTC), note=f"dose {SECRET}"
    )
    made[ApiToken] = ApiToken.objects.create(
        pk=OWNED_ID, user=user, name=f"token {SECRET}", digest=ApiToken.digest_of(f"ps_{SECRET}"), hint="ps_zq73"
    )
    from painscope.web.reminders.models import (
        Delivery,  # a send needs its source (one check constraint)
    )

    made[Delivery] = Delivery.objects.create(
        pk=OWNED_ID, owner=user, medication=medication, kind="dose", due=datetime(2024, 3, 1, 8, tzinfo=UTC),
        send_at=datetime(2024, 3, 1, 8, tzinfo=UTC), state="sent", error=f"error {SECRET}"
    )
    direct, children = owned_models()
    for model in direct + children:
        if model not in made:
            made[model] = autofill(model, user, made)
    return {"user": user, "objects": made}


def make_second_person(name: str = "bob") -> dict:
    user = get_user_model().objects.create_user(name, email=f"{name}@example.org")
    medication = Medication.objects.create(owner=user, name=f"{name}'s med", dose=5, start_date=date(2024, 1, 1))
    _, token = ApiToken.issue(user)
    return {"user": user, "token": token, "medication": medication}


#: The one linked clinician's scope: nothing any clinician page or API route shows of A.
OUTSIDE_SCOPE = ["wearables"]
CLINICIAN_STATES = ("unlinked", "outside scope", "expired", "revoked")


def make_clinicians(a_user) -> dict[str, dict]:
    """Four clinicians, each with the share to A that their state names (none when unlinked)."""
    now = datetime.now(UTC)
    out = {}
    for i, state in enumerate(CLINICIAN_STATES):
        c = make_second_person(f"clinician{i}")
        set_role(c["user"], "clinician")
        common = {"patient": a_user, "clinician": c["user"], "code_digest": f"{i:064d}", "accepted": now - timedelta(days=2)}
        if state == "outside scope":
            Share.objects.create(**common, scope=OUTSIDE_SCOPE, status=Share.ACTIVE, ends=now + timedelta(days=30))
        elif state == "expired":
            Share.objects.create(**common, scope=list(KINDS), status=Share.ACTIVE, ends=now - timedelta(seconds=1))
        elif state == "revoked":
            Share.objects.create(**common, scope=list(KINDS), status=Share.INACTIVE, ends=now + timedelta(days=30),
                                 revoked=now - timedelta(hours=1))
        out[state] = c
    return out


@pytest.fixture
def clinicians(people):
    return make_clinicians(people[0]["user"])


def is_patient_view(route: Route) -> bool:
    """A clinician's own view of one patient (``<int:patient_id>``): answers a live share."""
    return any(name == "patient_id" for _, name in route.params)


@pytest.fixture
def people():
    return make_first_person(), make_second_person()


def snapshot(user) -> list:
    """Every stored row of ``user`` in every owned model, to compare before and after.

    The audit log is append-only and grows during the walk (each refused look is logged):
    only the rows the filler made with person A (dated before today; the walk's rows are
    dated now) are compared. Ids cannot tell them apart: PostgreSQL's sequence does not move
    past the filler's explicit ids, so new rows get smaller ids there.
    """
    direct, children = owned_models()
    rows: list = [get_user_model().objects.filter(pk=user.pk).values().get()]
    for model in direct:
        query = models.Q()
        for f in _user_fields(model):
            query |= models.Q(**{f.name: user})
        found = model.objects.filter(query)
        if model is AuditEvent:
            found = found.filter(at__lt=timezone.now() - timedelta(hours=1))
        rows.append((model.__name__, list(found.order_by("pk").values())))
    for model in children:
        for f in model._meta.concrete_fields:
            if f.is_relation and f.many_to_one and f.related_model in direct:
                parents = [r["pk"] for r in snapshot_parents(f.related_model, user)]
                rows.append((model.__name__, f.name, list(model.objects.filter(**{f"{f.name}__in": parents}).order_by("pk").values())))
    return rows


def snapshot_parents(model, user) -> list[dict]:
    query = models.Q()
    for f in _user_fields(model):
        query |= models.Q(**{f.name: user})
    return list(model.objects.filter(query).values("pk"))


# -- requests -------------------------------------------------------------------------------


def api_body(route: Route, b: dict) -> dict:
    """A valid body for the API's PUT/POST on an id, so the request reaches the ownership
    check instead of stopping at validation."""
    if "entries/" in route.route:
        return {"timestamp": "2024-03-01T08:00:00+00:00", "pain": 1}
    if "medications/" in route.route:
        return {"name": "Other", "dose": 1, "start_date": "2024-01-01"}
    if "doses/" in route.route:
        return {"medication": b["medication"].pk, "status": "skipped", "at": "2024-03-01T08:00:00Z"}
    return {}


def send(client: Client, method: str, url: str, route: Route, b: dict, **extra):
    if method == "GET":
        return client.get(url, **extra)
    if route.is_api:
        body = api_body(route, b) if route.has_ids else {}
        return client.generic(method, url, json.dumps(body), content_type="application/json", **extra)
    form = {name: str(OWNED_ID) for name in ID_FIELDS}
    if method == "POST":
        return client.post(url, form, **extra)
    return client.generic(method, url, "", **extra)


def clients_for(route: Route, b: dict) -> list[tuple[str, Client, dict]]:
    session = sign_in(Client(), b["user"])
    out = [("session", session, {})]
    if route.is_api:
        out.append(("bearer", Client(), {"HTTP_AUTHORIZATION": f"Bearer {b['token']}"}))
    return out


def assert_no_secret(response, what: str, allowed: str = "") -> None:
    """No private word of A in the response (``allowed``: text the viewer may see, e.g. the
    username a clinician with a share sees on their list)."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if allowed:
        content = content.replace(allowed.encode(), b"")
    assert SECRET.encode() not in content, f"{what} shows person A's data"


# -- the walk -------------------------------------------------------------------------------


def test_the_walk_sees_the_api_and_the_pages():
    routes = {r.route for r in ROUTES}
    assert {"api/v1/entries/<int:entry_id>", "api/v1/medications/<int:medication_id>", "api/v1/doses/<int:dose_id>"} <= routes
    assert "healthz" in routes
    missing = PUBLIC - {r.name for r in ROUTES}
    assert not missing, f"public list names URLs that no longer exist: {missing}"


def test_every_path_parameter_can_be_filled():
    unknown = {str(r): unfillable(r) for r in ROUTES if unfillable(r)}
    assert not unknown, (
        f"no value for these URL parameters, so their pages are not checked for ownership: {unknown}. "
        "Extend TEXT_VALUES in tests/web/test_ownership.py."
    )


def test_every_model_of_a_person_gets_an_object_of_the_first_person(people):
    a, _ = people
    direct, children = owned_models()
    assert {Entry, Medication, DoseLog, ApiToken, Profile} <= set(direct) and Observation in children
    for model in direct + children:
        assert a["objects"][model].pk == OWNED_ID, model
        assert model.objects.filter(pk=OWNED_ID).exists(), model


def test_a_page_with_an_unknown_parameter_fails_the_walk():
    from django.http import HttpResponse
    from django.urls import path

    def view(request, **kwargs):
        return HttpResponse("")

    (route,) = _walk([path("things/<str:thing_code>/", view, name="thing")])
    with pytest.raises(pytest.fail.Exception, match="no value for <str:thing_code>"):
        fill(route)
    (by_id,) = _walk([path("things/<int:thing_id>/", view, name="thing")])
    assert fill(by_id) == f"/things/{OWNED_ID}/" and by_id.has_ids
    (calendar,) = _walk([path("calendar/<int:year>/<int:month>/", view, name="calendar")])
    assert fill(calendar) == "/calendar/2024/3/" and not calendar.has_ids


@pytest.mark.parametrize("route", [r for r in PRIVATE_ROUTES if r.has_ids], ids=str)
def test_second_person_cannot_reach_first_persons_objects(people, route):
    a, b = people
    before = snapshot(a["user"])
    url = fill(route)
    for how, client, extra in clients_for(route, b):
        for method in METHODS:
            response = send(client, method, url, route, b, **extra)
            assert response.status_code in (403, 404, 405), (
                f"{method} {url} as another person ({how}) answered {response.status_code}; every "
                f"<int:...> in the path holds person A's id {OWNED_ID}. (If a parameter is not an "
                "id, e.g. a year, add it to NOT_IDS in tests/web/test_ownership.py.)"
            )
            assert_no_secret(response, f"{method} {url} as another person ({how})")
    assert snapshot(a["user"]) == before, f"{url}: person A's data changed"


@pytest.mark.parametrize("route", [r for r in PRIVATE_ROUTES if not r.has_ids], ids=str)
def test_second_persons_pages_show_nothing_of_the_first(people, route):
    a, b = people
    before = snapshot(a["user"])
    url = fill(route)
    for how, client, extra in clients_for(route, b):
        for method in METHODS:
            response = send(client, method, url, route, b, **extra)
            assert response.status_code < 500, f"{method} {url} as {how} answered {response.status_code}"
            assert_no_secret(response, f"{method} {url} as another person ({how})")
            if how == "session":
                sign_in(client, b["user"])  # a logout page signs B out
    assert snapshot(a["user"]) == before, f"{url}: person A's data changed"


@pytest.mark.parametrize("route", [r for r in PRIVATE_ROUTES if r.name not in SIGNED_OUT_LANDING], ids=str)
def test_anonymous_visitors_are_sent_to_log_in(people, route):
    a, b = people
    before = snapshot(a["user"])
    url = fill(route)
    login = resolve_url(settings.LOGIN_URL)
    for method in METHODS:
        response = send(Client(), method, url, route, b)
        if route.is_api:
            assert response.status_code in (401, 404, 405), f"anonymous {method} {url}: {response.status_code}"
        else:
            assert response.status_code in (302, 403, 404, 405), f"anonymous {method} {url}: {response.status_code}"
            if response.status_code == 302:
                assert response["Location"].startswith(login), f"anonymous {method} {url} redirects to {response['Location']}"
        assert_no_secret(response, f"anonymous {method} {url}")
    assert snapshot(a["user"]) == before


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in PUBLIC | SIGNED_OUT_LANDING], ids=str)
def test_public_pages_show_nobodys_data(people, route):
    response = Client().get(fill(route))
    assert response.status_code < 500
    assert_no_secret(response, f"public page {route}")


# -- the walk as clinicians ----------------------------------------------------------------


def _clinician_walk(a: dict, clinicians: dict, route: Route) -> None:
    url = fill(route)
    for state, c in clinicians.items():
        # a clinician with a live share may see who the patient is, not what is outside the scope
        allowed = a["user"].username if state == "outside scope" else ""
        for how, client, extra in clients_for(route, c):
            for method in METHODS:
                response = send(client, method, url, route, c, **extra)
                what = f"{method} {url} as the {state} clinician ({how})"
                if route.has_ids and not (state == "outside scope" and is_patient_view(route) and method == "GET"):
                    assert response.status_code in (403, 404, 405), f"{what} answered {response.status_code}"
                else:
                    assert response.status_code < 500, f"{what} answered {response.status_code}"
                assert_no_secret(response, what, allowed)
                if how == "session":
                    sign_in(client, c["user"])  # a logout page signs the clinician out


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=str)
def test_clinicians_see_nothing_of_a_person_without_a_live_share_covering_it(people, clinicians, route):
    a, _ = people
    before = snapshot(a["user"])
    _clinician_walk(a, clinicians, route)
    assert snapshot(a["user"]) == before, f"{route}: person A's data changed"


def test_the_clinician_walk_would_see_a_leak(people, clinicians):
    """The no-leak check can fail: a full share shows A's note words to its clinician."""
    c = clinicians["outside scope"]
    Share.objects.filter(clinician=c["user"]).update(scope=list(KINDS))
    response = Client().get(f"/api/v1/patients/{OWNED_ID}/entries", HTTP_AUTHORIZATION=f"Bearer {c['token']}")
    assert response.status_code == 200
    with pytest.raises(AssertionError, match="shows person A's data"):
        assert_no_secret(response, "a full share")


def test_the_gate_logged_the_clinicians_refused_looks(people, clinicians):
    a, _ = people
    for c in clinicians.values():
        Client().get(f"/api/v1/patients/{OWNED_ID}/entries", HTTP_AUTHORIZATION=f"Bearer {c['token']}")
    refused = AuditEvent.objects.filter(patient=a["user"], outcome=AuditEvent.REFUSED).exclude(pk=OWNED_ID)
    assert set(refused.values_list("actor__username", flat=True)) == {c["user"].username for c in clinicians.values()}
