from django.urls import path

from painscope.web.programmes import views

urlpatterns = [
    path("", views.index, name="programmes"),
    path("pacing/", views.pacing_page, name="programmes_pacing"),
    path("gmi/", views.gmi_page, name="programmes_gmi"),
    path("gmi/left-right/", views.gmi_session, name="programmes_gmi_session"),
    path("gmi/imagery/", views.guided, {"programme_id": "gmi", "script": "imagery"}, name="programmes_gmi_imagery"),
    path("gmi/mirror/", views.guided, {"programme_id": "gmi", "script": "mirror"}, name="programmes_gmi_mirror"),
    path("thought-record/", views.thought_page, name="programmes_thought_record"),
    path("sleep/", views.sleep_page, name="programmes_sleep"),
    path("sleep/sleep.csv", views.sleep_csv, name="programmes_sleep_csv"),
    path("breathing/", views.breathing_page, name="programmes_breathing"),
    path("breathing/body-scan/", views.guided, {"programme_id": "breathing", "script": "body-scan"},
         name="programmes_body_scan"),
    path("breathing/pmr/", views.guided, {"programme_id": "breathing", "script": "pmr"}, name="programmes_pmr"),
    path("education/", views.education_page, name="programmes_education"),
    path("education/lesson/<int:number>/", views.lesson_page, name="programmes_lesson"),
]
