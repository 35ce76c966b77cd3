from django.urls import path

from painscope.web.assessments import views

urlpatterns = [
    path("", views.index, name="assessments"),
    path("take/<str:instrument_id>/", views.take, name="assessment_take"),
    path("history/<str:instrument_id>/", views.history, name="assessment_history"),
    path("results/<int:pk>/", views.result, name="assessment_result"),
    path("fibromyalgia-survey/", views.acr_survey, name="assessment_acr"),
    path("clinician/nociplastic/", views.clinician_form, {"form_id": "iasp-nociplastic"}, name="assessment_nociplastic"),
    path("clinician/neupsig/", views.clinician_form, {"form_id": "neupsig"}, name="assessment_neupsig"),
    path("criteria/<int:pk>/", views.criteria_result, name="criteria_result"),
    path("schedules/", views.schedules, name="assessment_schedules"),
    path("schedules/<int:pk>/delete/", views.schedule_delete, name="assessment_schedule_delete"),
    path("painscope-assessments-fhir.json", views.fhir_download, name="assessments_fhir"),
]
