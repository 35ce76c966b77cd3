"""Sign-up, two-step sign-in, sign-out, password change and reset, the account page with
API tokens, two-step set-up, and erasing the account (plain function views)."""

from __future__ import annotations

import threading
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from painscope.web.accounts import notify, throttle, twofactor
from painscope.web.accounts.erase import erase_account
from painscope.web.accounts.forms import (
    CodeForm,
    DeleteAccountForm,
    EnrolForm,
    PasswordCheckForm,
    ProfileForm,
    SignupForm,
    TokenForm,
)
from painscope.web.accounts.models import ApiToken, Profile

PENDING_KEY = "painscope_pending_2fa"
# The code step must follow the password step within this time.
PENDING_SECONDS = 5 * 60


def _next_url(request: HttpRequest, default: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default or settings.LOGIN_REDIRECT_URL


# -- signing in -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if twofactor.has_two_factor(user):
            # The password was right; the session is signed in only after the code.
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "uid": user.pk,
                "backend": user.backend,
                "hash": user.get_session_auth_hash(),
                "at": int(time.time()),
            }
            return redirect(f"{reverse('login_code')}?{urlencode({'next': _next_url(request)})}")
        login(request, user)
        return redirect(_next_url(request))
    ctx = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/login.html", ctx)


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending.get("uid"), is_active=True).first()
    if user is None or user.get_session_auth_hash() != pending.get("hash"):
        return None  # the password changed in between
    user.backend = pending["backend"]
    return user


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    if request.user.is_authenticated:
        if request.user.is_verified() or not twofactor.has_two_factor(request.user):
            return redirect(_next_url(request))
        user, signed_in = request.user, True
    else:
        user, signed_in = _pending_user(request), False
        if user is None:
            request.session.pop(PENDING_KEY, None)
            if request.method == "POST":
                messages.info(request, _("That took a while: please sign in again."))
            return redirect(f"{reverse('login')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result, device = twofactor.check_second_factor(user, form.cleaned_data["code"])
        if result == twofactor.CheckResult.OK:
            request.session.pop(PENDING_KEY, None)
            if not signed_in:
                login(request, user, backend=user.backend)
            otp_login(request, device)
            left = twofactor.recovery_codes_left(user)
            if left <= 3:
                messages.warning(
                    request,
                    ngettext(
                        "You have %(count)d recovery code left. Make new ones on the two-step sign-in page.",
                        "You have %(count)d recovery codes left. Make new ones on the two-step sign-in page.",
                        left,
                    ) % {"count": left},
                )
            return redirect(_next_url(request))
        if result == twofactor.CheckResult.WAIT:
            form.add_error("code", _("there were several wrong codes in a row: wait a minute, then try again."))
        else:
            form.add_error("code", _("this code doesn't match. Codes change every 30 seconds: try the one shown now."))
    return render(request, "accounts/login_code.html", {"form": form, "next": _next_url(request, default="")})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("login")


# -- sign-up --------------------------------------------------------------------------------


def _create_if_free(form: SignupForm) -> bool:
    """Create the account unless the name is taken; the same time is spent either way."""
    User = get_user_model()
    data = form.cleaned_data
    if User.objects.filter(username=data["username"]).exists():
        make_password(data["password1"])  # as slow as creating one
        return False
    try:
        with transaction.atomic():
            user = User.objects.create_user(data["username"], email=data.get("email") or "", password=data["password1"])
            Profile.objects.update_or_create(user=user, defaults={"timezone": data["timezone"]})
    except IntegrityError:  # taken a moment ago by someone else
        return False
    return True


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account. The answer is the same whether or not the username was free, so
    the form cannot be used to learn who has an account; attempts are limited per address."""
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is turned off on this site")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow("signup", request, settings.SIGNUPS_PER_HOUR):
            return render(request, "accounts/signup.html", {"form": form, "too_many": True}, status=429)
        _create_if_free(form)
        messages.success(
            request,
            _(
                "Thank you. Now sign in with the username and password you chose. If sign-in doesn't "
                "work, that username was already in use: create the account again with another one."
            ),
        )
        return redirect("login")
    return render(request, "accounts/signup.html", {"form": form})


# -- passwords ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()  # ends every API token (validators.EndTokensOnPasswordChange)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed. Your API tokens were ended: make new ones if you need them."))
        return redirect("profile")
    return render(request, "accounts/password_change.html", {"form": form, "nav": "account"})


def _send(message) -> None:
    message.send()


class ResetForm(PasswordResetForm):
    """Django's reset form, sending off the request thread so that the page takes the same
    time whether or not an account has that address (no enumeration by timing)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        from django.core.mail import EmailMultiAlternatives
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if settings.EMAIL_IN_BACKGROUND:
            threading.Thread(target=_send, args=(message,), daemon=True).start()
        else:
            _send(message)


_reset_view = auth_views.PasswordResetView.as_view(
    form_class=ResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
    extra_context={"email_enabled": True},
)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    if not settings.EMAIL_ENABLED:
        return render(request, "accounts/password_reset.html", {"email_enabled": False})
    if request.method == "POST" and not throttle.allow("reset", request, settings.RESETS_PER_HOUR):
        return render(request, "accounts/password_reset.html", {"email_enabled": True, "too_many": True}, status=429)
    return _reset_view(request)


password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# -- the account page and API tokens --------------------------------------------------------


def _profile_context(request: HttpRequest, form: ProfileForm, prof: Profile, **extra) -> dict:
    tokens = list(ApiToken.objects.filter(user=request.user).select_related("user"))
    return {
        "form": form,
        "profile": prof,
        "nav": "account",
        "tokens": tokens,
        "token_form": extra.pop("token_form", None) or TokenForm(),
        "two_factor_on": twofactor.has_two_factor(request.user),
        "is_clinician": twofactor.is_clinician(request.user),
        **extra,
    }


def _profile_form(request: HttpRequest, prof: Profile, data=None) -> ProfileForm:
    from painscope.web.journal.views import quick_factors

    offered = {f"{t['kind']}:{t['name']}": t for t in quick_factors(request.user, prof, limit=40)}
    choices = [(key, t["name"].replace("_", " ")) for key, t in offered.items()]
    return ProfileForm(data, initial={"timezone": prof.timezone, "language": prof.language, "email": request.user.email}, factors=choices)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    prof = Profile.for_user(request.user)
    form = _profile_form(request, prof, request.POST or None)
    if request.method == "POST" and form.is_valid():
        prof.timezone = form.cleaned_data["timezone"]
        prof.language = form.cleaned_data["language"]
        forget = {tuple(key.split(":", 1)) for key in form.cleaned_data["forget_factors"]}
        # Removed choices are remembered as hidden, so the diary's own history doesn't
        # bring them back as quick choices.
        prof.tracked_factors = [
            t for t in prof.tracked_factors if not isinstance(t, dict) or (t.get("kind"), t.get("name")) not in forget
        ] + [{"kind": k, "name": n, "hidden": True} for k, n in sorted(forget)]
        prof.save()
        email = form.cleaned_data.get("email") or ""
        if email != request.user.email:
            request.user.email = email
            request.user.save(update_fields=["email"])
        messages.success(request, _("Your settings are saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", _profile_context(request, form, prof))


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show it once, on this response only (never in a message or log)."""
    prof = Profile.for_user(request.user)
    token_form = TokenForm(request.POST)
    new_token = None
    if token_form.is_valid():
        _token, new_token = ApiToken.issue(request.user, name=token_form.cleaned_data["name"], days=token_form.cleaned_data["days"])
        token_form = TokenForm()
    response = render(
        request, "accounts/profile.html",
        _profile_context(request, _profile_form(request, prof), prof, token_form=token_form, new_token=new_token),
        status=200 if new_token else 400,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    name = token.name
    token.delete()
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": name})
    return redirect(f"{reverse('profile')}#tokens")


# -- two-step sign-in -----------------------------------------------------------------------


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "nav": "account"})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = twofactor.totp_device(user)
    if device is not None and not user.is_verified():
        return redirect(f"{reverse('login_code')}?{urlencode({'next': request.get_full_path()})}")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    password_form = PasswordCheckForm(request.POST if action in ("start", "codes", "off") and device else None, user=user)
    enrol_form = EnrolForm(request.POST if action == "confirm" else None)
    if action == "start" and (device is None or password_form.is_valid()):
        twofactor.start_enrolment(user)
        follow = _next_url(request, default="")
        return redirect(reverse("two_factor") + (f"?{urlencode({'next': follow})}" if follow else ""))
    if action == "confirm":
        pending = twofactor.pending_device(user)
        if pending is None:
            messages.info(request, _("Start again: the set-up had expired."))
            return redirect("two_factor")
        if enrol_form.is_valid():
            codes = twofactor.confirm_enrolment(user, pending, enrol_form.cleaned_data["code"])
            if codes is not None:
                otp_login(request, pending)
                notify.tell(user, "two_factor_on")
                messages.success(request, _("Two-step sign-in is on. From now on you'll enter a code from the app when you sign in."))
                return _show_codes(request, codes)
            enrol_form.add_error("code", _("this code doesn't match. Check the phone's clock is right, and type the code shown now."))
    if action == "codes" and device is not None and password_form.is_valid():
        codes = twofactor.new_recovery_codes(user)
        notify.tell(user, "recovery_codes")
        return _show_codes(request, codes)
    if action == "off" and device is not None and password_form.is_valid():
        if twofactor.is_clinician(user):
            messages.error(request, _("Clinician accounts must keep two-step sign-in on."))
        else:
            twofactor.turn_off(user)
            notify.tell(user, "two_factor_off")
            messages.success(request, _("Two-step sign-in is off. Signing in now needs only your password."))
        return redirect("two_factor")
    pending = twofactor.pending_device(user)
    ctx = {
        "nav": "account",
        "device": device,
        "pending": pending,
        "qr_svg": twofactor.qr_svg(pending) if pending else "",
        "secret": twofactor.secret_text(pending) if pending else "",
        "enrol_form": enrol_form,
        "password_form": password_form,
        "codes_left": twofactor.recovery_codes_left(user) if device else 0,
        "is_clinician": twofactor.is_clinician(user),
        "next": _next_url(request, default=""),
    }
    status = 400 if request.method == "POST" else 200
    response = render(request, "accounts/two_factor.html", ctx, status=status)
    if pending:
        response["Cache-Control"] = "no-store"  # the page holds the secret
    return response


# -- erasing the account --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    needs_code = twofactor.has_two_factor(user)
    form = DeleteAccountForm(request.POST or None, user=user, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        person = get_user_model().objects.get(pk=user.pk)
        logout(request)
        erase_account(person)
        return render(request, "accounts/erased.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form, "nav": "account"}, status=status)
