import base64

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from . import throttle, two_factor
from .client_ip import client_ip
from .forms import TokenForm

WRONG_CODE = (
    "That code did not match. Use the newest code, and check your phone's clock is "
    "set automatically."
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own home page."""
    return redirect(request.user.home_url())


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show its QR code, confirm it with a code."""
    # Someone already enrolled passes the second step first: else a password
    # alone could enrol a new authenticator and sign in with it.
    if two_factor.has_confirmed_device(request.user) and not request.user.is_verified():
        query = request.GET.urlencode()
        verify = reverse("accounts:two-factor-verify")
        return redirect(f"{verify}?{query}" if query else verify)
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            request.session[two_factor.ENROLLED_SESSION_KEY] = True
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE)
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "manual_key": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a signed-in user for the code from their enrolled authenticator."""
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def password_reset(request: HttpRequest) -> HttpResponse:
    """Email a link to set a new password, a few times per address and per client."""
    if request.method == "POST" and not _reset_allowed(request):
        form = PasswordResetForm(request.POST)
        context = {"form": form, "throttled": True}
        page = "registration/password_reset_form.html"
        return render(request, page, context, status=429)
    site_url = settings.SITE_URL.rstrip("/")
    view = PasswordResetView.as_view(extra_email_context={"site_url": site_url})
    return view(request)


def _reset_allowed(request: HttpRequest) -> bool:
    # Counted per address typed, whether or not an account has it: the refusal
    # then says nothing about which addresses have accounts.
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    client = client_ip(request) or "unknown"
    email = request.POST.get("email", "").strip().lower()
    return throttle.allow(
        "reset-client",
        client,
        limit=settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
        window=window,
    ) and throttle.allow(
        "reset-email",
        email,
        limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        window=window,
    )


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return request.user.home_url()


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # Our own generated markup (no user input), so safe to inline.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308
