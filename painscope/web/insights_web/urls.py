from django.urls import path

from painscope.web.insights_web import views

urlpatterns = [
    path("", views.insights_page, name="insights"),
    path("insights.json", views.insights_json, name="insights_json"),
    path("did-it-help/", views.did_it_help, name="insights_did_it_help"),
    path("did-it-help/delete/", views.experiment_delete, name="insights_experiment_delete"),
]
