"""Sign-up, sign-in, sign-out, password change and profile (plain function views)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from painscope.web.accounts.forms import ProfileForm, SignupForm
from painscope.web.accounts.models import Profile


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_next_url(request))
    ctx = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/login.html", ctx)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You are signed out.")
    return redirect("login")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is turned off on this site")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        Profile.objects.update_or_create(user=user, defaults={"timezone": form.cleaned_data["timezone"]})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome. Your diary is ready — a check-in takes under a minute.")
        return redirect("dashboard")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, "Your password is changed.")
        return redirect("profile")
    return render(request, "accounts/password_change.html", {"form": form, "nav": "account"})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    prof = Profile.for_user(request.user)
    factors = [str(f.get("name", "")) if isinstance(f, dict) else str(f) for f in prof.tracked_factors]
    form = ProfileForm(request.POST or None, initial={"timezone": prof.timezone}, factors=factors)
    if request.method == "POST" and form.is_valid():
        prof.timezone = form.cleaned_data["timezone"]
        forget = set(form.cleaned_data["forget_factors"])
        prof.tracked_factors = [
            f for f, name in zip(prof.tracked_factors, factors, strict=True) if name not in forget
        ]
        prof.save()
        messages.success(request, "Your settings are saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": prof, "nav": "account"})
