from django.urls import path

from painscope.web.explain import views

urlpatterns = [
    path("", views.explain_page, name="explain"),
    path("you/", views.your_system, name="your_system"),
]
