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
    from painscope.web.journal.views import quick_factors

    prof = Profile.for_user(request.user)
    offered = {f"{t['kind']}:{t['name']}": t for t in quick_factors(request.user, prof, limit=40)}
    choices = [(key, t["name"].replace("_", " ")) for key, t in offered.items()]
    form = ProfileForm(request.POST or None, initial={"timezone": prof.timezone}, factors=choices)
    if request.method == "POST" and form.is_valid():
        prof.timezone = form.cleaned_data["timezone"]
        forget = {tuple(key.split(":", 1)) for key in form.cleaned_data["forget_factors"]}
        # Removed choices are remembered as hidden, so the diary's own history doesn't
        # bring them back as quick choices.
        prof.tracked_factors = [
            t for t in prof.tracked_factors if not isinstance(t, dict) or (t.get("kind"), t.get("name")) not in forget
        ] + [{"kind": k, "name": n, "hidden": True} for k, n in sorted(forget)]
        prof.save()
        messages.success(request, "Your settings are saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": prof, "nav": "account"})
