from django.urls import path

from painscope.web.care import views

urlpatterns = [
    path("", views.sharing, name="care_sharing"),
    path("invite", views.invite, name="care_invite"),
    path("shares/<int:share_id>/revoke", views.revoke, name="care_revoke"),
    path("audit", views.audit, name="care_audit"),
    path("audit.csv", views.audit_csv, name="care_audit_csv"),
    path("audit.json", views.audit_json, name="care_audit_json"),
    path("accept", views.accept, name="care_accept"),
    path("patients/", views.patients, name="care_patients"),
    path("patients/<int:patient_id>/", views.patient, name="care_patient"),
    path("patients/<int:patient_id>/report.pdf", views.patient_pdf, name="care_patient_pdf"),
    path("patients/<int:patient_id>/assign", views.assign, name="care_assign"),
]
