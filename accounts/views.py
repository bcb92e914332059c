import base64

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from . import two_factor
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


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return request.user.home_url()


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # Our own generated markup (no user input), so safe to inline.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308
