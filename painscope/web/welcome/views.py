"""``/``: the person's overview when signed in, the public landing page when not.

The landing page says only what this copy of the site really does. Each sentence about
data rests on code: where it is stored (``settings.DATABASES``), sharing with a clinician
(:mod:`painscope.web.care`: chosen kinds, an end date of at most ``MAX_DAYS``, revocable,
every read in the audit log the person can open), export (``export_csv``, ``export_fhir``)
and erasure (:mod:`painscope.web.accounts.erase`). Who runs the site comes from the
operator's settings; when they say nothing, the page says so and invents nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from painscope.web.care.services import MAX_DAYS
from painscope.web.journal import views as journal_views


def _store() -> str:
    # Translators: the end of "What you write and upload is kept in %(store)s" on the landing page.
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return _("a PostgreSQL database")
    if "sqlite" in engine:
        return _("a SQLite database file")
    return _("a database")


def _contact_link(contact: str) -> str:
    """An address to link to when the contact is plainly one (e-mail or web), else ''."""
    if contact.startswith(("https://", "http://")) and " " not in contact:
        return contact
    if "@" in contact and " " not in contact and "/" not in contact and ":" not in contact:
        return f"mailto:{contact}"
    return ""


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return journal_views.dashboard(request)
    contact = settings.SITE_CONTACT
    ctx = {
        "operator": settings.SITE_OPERATOR,
        "contact": contact,
        "contact_link": _contact_link(contact),
        "store": _store(),
        "share_max_days": MAX_DAYS,
    }
    return render(request, "welcome/landing.html", ctx)
