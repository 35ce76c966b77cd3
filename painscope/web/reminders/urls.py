from django.urls import path

from painscope.web.reminders import views

urlpatterns = [
    path("", views.reminders, name="reminders"),
    path("new/", views.reminder_new, name="reminder_new"),
    path("<int:pk>/delete/", views.reminder_delete, name="reminder_delete"),
    path("settings/", views.reminder_settings, name="reminder_settings"),
    path("sent/<int:pk>/snooze/", views.snooze, name="reminder_snooze"),
    path("calendar/new/", views.feed_create, name="reminder_feed_create"),
    path("calendar/revoke/", views.feed_revoke, name="reminder_feed_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="reminder_feed"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("act/", views.act, name="reminder_act"),
    path("caregivers/new/", views.caregiver_new, name="caregiver_new"),
    path("caregivers/<int:pk>/remove/", views.caregiver_remove, name="caregiver_remove"),
    path("caregivers/invitation/<str:token>/", views.caregiver_invite, name="caregiver_invite"),
]

# Served from the site root: a service worker's scope is its own folder and below.
root_urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="web_manifest"),
]
