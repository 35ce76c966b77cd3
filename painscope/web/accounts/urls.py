from django.urls import path

from painscope.web.accounts import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup, name="signup"),
    path("password/", views.password_change, name="password_change"),
    path("profile/", views.profile, name="profile"),
]
