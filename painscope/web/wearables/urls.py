from django.urls import path

from painscope.web.wearables import views

urlpatterns = [
    path("", views.upload, name="wearables_upload"),
    path("hrv/", views.hrv, name="wearables_hrv"),
    path("jobs/<int:job_id>/", views.job, name="wearables_job"),
    path("jobs/<int:job_id>/status.json", views.job_status, name="wearables_job_status"),
]
