from django.urls import path

from painscope.web.journal import report_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("checkin/", views.checkin, name="checkin"),
    path("offline/", views.offline_page, name="offline"),
    path("more/", views.more, name="more"),
    path("tour/done/", views.tour_done, name="tour_done"),
    path("entries/", views.entries, name="entries"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("medications/", views.medications, name="medications"),
    path("medications/new/", views.medication_new, name="medication_new"),
    path("medications/<int:pk>/edit/", views.medication_edit, name="medication_edit"),
    path("medications/<int:pk>/delete/", views.medication_delete, name="medication_delete"),
    path("medications/<int:pk>/log/", views.dose_log, name="dose_log"),
    path("medications/<int:pk>/refill/", views.medication_refill, name="medication_refill"),
    path("data/", views.my_data, name="my_data"),
    path("data/painscope-diary.csv", views.export_download, name="export_csv"),
    path("data/painscope-fhir.json", views.export_fhir_download, name="export_fhir"),
    path("report.pdf", report_views.clinician_report, name="clinician_report"),
    path("assets/plotly-<str:version>.min.js", views.plotly_js, name="plotly_js"),
]
