"""Every URL of the site, walked as a second person: nobody sees or changes another's data.

The walk reads the live URL map (``django.urls.get_resolver``), so pages and API routes
added later are checked without editing this file. What it cannot guess, it refuses
loudly: a path parameter it does not know how to fill with the first person's object, or a
new page that answers anonymous visitors without being on the short public list below.

For every route, as person B (session cookie; for /api/ also a Bearer token):

- a route with ids gets person A's ids, and GET/POST/PUT/PATCH/DELETE must answer 403,
  404 or 405;
- no response may contain any of A's private words (note, medication, username, ...);
- afterwards A's stored data is exactly as before;
- anonymous visitors are sent to the login page (pages) or get 401 (API).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from painscope.web.accounts.models import ApiToken, Profile
from painscope.web.journal.models import DoseLog, Entry, Medication, Observation

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
}

# Which of person A's objects fills a path parameter. ``pk`` is read from the path
# segment before it ("medications/<int:pk>/edit/" -> a medication).
PARAMETER_OBJECTS = {"entry_id": "entry", "medication_id": "medication", "dose_id": "dose", "token_id": "token"}
SEGMENT_OBJECTS = {"entries": "entry", "medications": "medication", "doses": "dose", "tokens": "token"}
# Public routes with a non-id parameter: any value will do (they hold no one's data).
PUBLIC_FILLERS = {"version": "0"}

SECRET = "zq7313"  # appears in every private text of person A and nowhere else
SAFE = ("GET",)
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # Django route syntax, e.g. "api/v1/entries/<int:entry_id>"
    name: str  # namespaced URL name, or the route when unnamed

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(m["converter"] or "str", m["name"]) for m in _PARAM.finditer(self.route)]

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


def object_kind(route: Route, param: str) -> str | None:
    if param in PARAMETER_OBJECTS:
        return PARAMETER_OBJECTS[param]
    if param in ("pk", "id"):
        before = route.route.split(f"<int:{param}>")[0].rstrip("/").rsplit("/", 1)[-1]
        return SEGMENT_OBJECTS.get(before)
    return None


# -- people ---------------------------------------------------------------------------------


def make_person(username: str, words: str) -> dict:
    user = get_user_model().objects.create_user(username, email=f"{username}@example.org")
    Profile.objects.update_or_create(user=user, defaults={"tracked_factors": [f"factor_{words}"]})
    entry = Entry.objects.create(
        owner=user, utc=datetime(2024, 3, 1, 8, tzinfo=UTC), offset_minutes=60, local_date=date(2024, 3, 1), source="web"
    )
    Observation.objects.create(entry=entry, kind="rating", name="pain", value=6)
    Observation.objects.create(entry=entry, kind="food", name=f"food {words}", value=1)
    Observation.objects.create(entry=entry, kind="note", name="note", note=f"note {words}")
    medication = Medication.objects.create(
        owner=user, name=f"Med {words}", dose=50, times=["08:00"], start_date=date(2024, 1, 1), notes=f"notes {words}"
    )
    dose = DoseLog.objects.create(
        owner=user, medication=medication, status=DoseLog.TAKEN, at=datetime(2024, 3, 1, 8, 5, tzinfo=UTC), note=f"dose {words}"
    )
    token_row, token = ApiToken.issue(user, name=f"token {words}")
    objects = {"entry": entry, "medication": medication, "dose": dose, "token": token_row}
    return {"user": user, "token": token, "objects": objects}


@pytest.fixture
def people():
    a = make_person(f"ada_{SECRET}", SECRET)
    b = make_person("bob", "bobs")
    return a, b


def snapshot(user) -> tuple:
    """Everything stored for ``user``, to compare before and after the walk."""
    return (
        get_user_model().objects.filter(pk=user.pk).values().get(),
        list(Profile.objects.filter(user=user).values()),
        list(Entry.objects.filter(owner=user).order_by("pk").values()),
        list(Observation.objects.filter(entry__owner=user).order_by("pk").values()),
        list(Medication.objects.filter(owner=user).order_by("pk").values()),
        list(DoseLog.objects.filter(owner=user).order_by("pk").values()),
        list(ApiToken.objects.filter(user=user).order_by("pk").values("pk", "name", "digest")),
    )


def fill(route: Route, owner: dict) -> str:
    """The route as a URL holding ``owner``'s ids; fails loudly on an unknown parameter."""

    def value(match: re.Match) -> str:
        converter, name = match["converter"] or "str", match["name"]
        if route.name in PUBLIC and name in PUBLIC_FILLERS:
            return PUBLIC_FILLERS[name]
        kind = object_kind(route, name)
        if kind is None or converter not in ("int", "str"):
            pytest.fail(
                f"{route}: this test does not know which object fills <{converter}:{name}>. "
                "Name the parameter entry_id/medication_id/dose_id/token_id (or pk after "
                "entries/, medications/, doses/, tokens/), or extend PARAMETER_OBJECTS / "
                "SEGMENT_OBJECTS in tests/web/test_ownership.py so the page is checked."
            )
        return str(owner["objects"][kind].pk)

    if "<regex:" in route.route:
        pytest.fail(f"{route}: a regex URL with groups cannot be walked; use path() with converters")
    return "/" + _PARAM.sub(value, route.route)


def sample_body(route: Route, b: dict) -> dict:
    """A valid body for the API's PUT/POST, so the request reaches the ownership check
    instead of stopping at validation."""
    kind = next((object_kind(route, n) for _, n in route.params), None)
    if kind == "entry":
        return {"timestamp": "2024-03-01T08:00:00+00:00", "pain": 1}
    if kind == "medication":
        return {"name": "Other", "dose": 1, "start_date": "2024-01-01"}
    if kind == "dose":
        return {"medication": b["objects"]["medication"].pk, "status": "skipped", "at": "2024-03-01T08:00:00Z"}
    return {}


def send(client: Client, method: str, url: str, *, api: bool, body: dict | None = None, **extra):
    if method == "GET":
        return client.get(url, **extra)
    if api:
        return client.generic(method, url, json.dumps(body or {}), content_type="application/json", **extra)
    if method == "POST":
        return client.post(url, body or {}, **extra)
    return client.generic(method, url, "", **extra)


def clients_for(route: Route, b: dict) -> list[tuple[str, Client, dict]]:
    session = Client()
    session.force_login(b["user"])
    out = [("session", session, {})]
    if route.is_api:
        out.append(("bearer", Client(), {"HTTP_AUTHORIZATION": f"Bearer {b['token']}"}))
    return out


def assert_no_secret(response, what: str) -> None:
    content = getattr(response, "content", b"") if not getattr(response, "streaming", False) else b"".join(response.streaming_content)
    assert SECRET.encode() not in content, f"{what} shows person A's data"


# -- the walk -------------------------------------------------------------------------------


def test_the_walk_sees_the_api_and_the_pages():
    routes = {r.route for r in ROUTES}
    assert {"api/v1/entries/<int:entry_id>", "api/v1/medications/<int:medication_id>", "api/v1/doses/<int:dose_id>"} <= routes
    assert "healthz" in routes
    missing = PUBLIC - {r.name for r in ROUTES}
    assert not missing, f"public list names URLs that no longer exist: {missing}"


def test_every_path_parameter_is_known():
    unknown = [
        f"{r} <{conv}:{name}>"
        for r in PRIVATE_ROUTES
        for conv, name in r.params
        if object_kind(r, name) is None or conv not in ("int", "str")
    ]
    assert not unknown, (
        "these URL parameters cannot be filled with another person's object, so their pages "
        f"are not checked for ownership: {unknown}. Extend PARAMETER_OBJECTS/SEGMENT_OBJECTS."
    )


def test_a_page_with_an_unknown_parameter_fails_the_walk():
    from django.http import HttpResponse
    from django.urls import path

    def view(request, **kwargs):
        return HttpResponse("")

    (route,) = _walk([path("things/<int:thing_id>/", view, name="thing")])
    assert object_kind(route, "thing_id") is None
    with pytest.raises(pytest.fail.Exception, match="does not know which object fills <int:thing_id>"):
        fill(route, {"objects": {}})
    (known,) = _walk([path("medications/<int:pk>/refill/", view, name="refill")])
    assert object_kind(known, "pk") == "medication"


@pytest.mark.parametrize("route", [r for r in PRIVATE_ROUTES if r.params], ids=str)
def test_second_person_cannot_reach_first_persons_objects(people, route):
    a, b = people
    before = snapshot(a["user"])
    url = fill(route, a)
    for how, client, extra in clients_for(route, b):
        for method in SAFE + UNSAFE:
            body = sample_body(route, b) if method != "GET" else None
            response = send(client, method, url, api=route.is_api, body=body, **extra)
            assert response.status_code in (403, 404, 405), (
                f"{method} {url} as another person ({how}) answered {response.status_code}"
            )
            assert_no_secret(response, f"{method} {url} as another person ({how})")
    assert snapshot(a["user"]) == before, f"{url}: person A's data changed"


@pytest.mark.parametrize("route", [r for r in PRIVATE_ROUTES if not r.params], ids=str)
def test_second_persons_pages_show_nothing_of_the_first(people, route):
    a, b = people
    before = snapshot(a["user"])
    url = fill(route, a)
    for how, client, extra in clients_for(route, b):
        for method in SAFE + UNSAFE:
            response = send(client, method, url, api=route.is_api, body={}, **extra)
            assert response.status_code < 500, f"{method} {url} as {how} answered {response.status_code}"
            assert_no_secret(response, f"{method} {url} as another person ({how})")
            if how == "session":
                client.force_login(b["user"])  # a logout page signs B out
    assert snapshot(a["user"]) == before, f"{url}: person A's data changed"


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(people, route):
    a, _ = people
    before = snapshot(a["user"])
    url = fill(route, a)
    login = resolve_url(settings.LOGIN_URL)
    for method in SAFE + UNSAFE:
        response = send(Client(), method, url, api=route.is_api, body={})
        if route.is_api:
            assert response.status_code in (401, 404, 405), f"anonymous {method} {url}: {response.status_code}"
        else:
            assert response.status_code in (302, 403, 404, 405), f"anonymous {method} {url}: {response.status_code}"
            if response.status_code == 302:
                assert response["Location"].startswith(login), f"anonymous {method} {url} redirects to {response['Location']}"
        assert_no_secret(response, f"anonymous {method} {url}")
    assert snapshot(a["user"]) == before


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in PUBLIC], ids=str)
def test_public_pages_show_nobodys_data(people, route):
    response = Client().get(fill(route, people[0]))
    assert response.status_code < 500
    assert_no_secret(response, f"public page {route}")
