"""URL map of the painscope site."""

from django.urls import path

from painscope.web import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
]
