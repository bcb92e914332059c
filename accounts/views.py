import base64

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from . import policy, services, throttle, two_factor
from .client_ip import client_ip
from .decorators import rule_required
from .forms import EmailChoicesForm, EnrolForm, LeaveForm, TokenForm
from .models import Leave, Notification
from .querystring import page_number

WRONG_CODE = (
    "That code did not match. Use the newest code, and check your phone's clock is "
    "set automatically."
)
TOO_MANY_CODES = (
    "Wrong codes were entered for this account moments ago, so this one was not "
    "checked. Wait a minute at most, then enter the newest code."
)
NOT_YOURS = "That is not the password for your account."


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own home page."""
    return redirect(request.user.home_url())


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show its QR code, confirm it with a code."""
    enrolled = two_factor.has_confirmed_device(request.user)
    # Someone already enrolled passes the second step first: else a password
    # alone could enrol a new authenticator and sign in with it.
    if enrolled and not request.user.is_verified():
        query = request.GET.urlencode()
        verify = reverse("accounts:two-factor-verify")
        return redirect(f"{verify}?{query}" if query else verify)
    if two_factor.is_paused(request, request.user):
        return _paused(request)
    device = two_factor.pending_device(request.user)
    form = EnrolForm(request.POST or None, enrolled=enrolled)
    if form.is_valid() and _owner_proven(request, form):
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            request.session[two_factor.ENROLLED_SESSION_KEY] = True
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE)
    if two_factor.is_paused(request, request.user):
        return _paused(request)
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "manual_key": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a signed-in user for the code from their enrolled authenticator."""
    user = request.user
    if two_factor.is_paused(request, user):
        return _paused(request)
    form = TokenForm(request.POST or None)
    if form.is_valid() and _code_checked(request, form, "token"):
        device = two_factor.match_code(request, user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        if two_factor.is_paused(request, user):
            return _paused(request)
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def _owner_proven(request: HttpRequest, form: EnrolForm) -> bool:
    """Check the password, or the current code, given with a new authenticator."""
    user = request.user
    if "password" in form.cleaned_data:
        if user.check_password(form.cleaned_data["password"]):
            return True
        two_factor.record_wrong_answer(request, user)
        form.add_error("password", NOT_YOURS)
        return False
    if not _code_checked(request, form, "current_token"):
        return False
    if two_factor.match_code(request, user, form.cleaned_data["current_token"]):
        return True
    form.add_error("current_token", WRONG_CODE)
    return False


def _code_checked(request: HttpRequest, form: TokenForm, field: str) -> bool:
    """Whether a code may be checked now: django-otp waits after wrong ones."""
    if two_factor.is_waiting(request.user):
        form.add_error(field, TOO_MANY_CODES)
        return False
    return True


def _paused(request: HttpRequest) -> HttpResponse:
    """Sign out a session that gave too many wrong answers, and say for how long."""
    logout(request)
    return render(request, "accounts/two_factor_paused.html", status=429)


def password_reset(request: HttpRequest) -> HttpResponse:
    """Email a link to set a new password, a few times per address and per client."""
    # Only a request that would send an email counts; a mistyped one only
    # shows its errors.
    form = PasswordResetForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and not _reset_allowed(request, form.cleaned_data["email"]):
        context = {"form": form, "throttled": True}
        page = "registration/password_reset_form.html"
        return render(request, page, context, status=429)
    site_url = settings.SITE_URL.rstrip("/")
    view = PasswordResetView.as_view(extra_email_context={"site_url": site_url})
    return view(request)


def _reset_allowed(request: HttpRequest, email: str) -> bool:
    # Counted per address typed, whether or not an account has it: the refusal
    # then says nothing about which addresses have accounts.
    window = settings.PASSWORD_RESET_WINDOW_SECONDS
    client = client_ip(request) or "unknown"
    email = email.strip().lower()
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


@rule_required(policy.is_partner_staff)
def my_leave(request: HttpRequest) -> HttpResponse:
    """Set dated leave with a cover, end or cancel it, and see whom one covers."""
    today = timezone.localdate()
    if "end" in request.POST:
        leave = get_object_or_404(request.user.leaves, pk=request.POST["end"])
        ended = services.end_leave(leave=leave, today=today)
        messages.success(
            request, "Leave cancelled." if ended is None else "Welcome back."
        )
        return redirect("accounts:my-leave")
    form = LeaveForm(request.POST or None, worker=request.user, today=today)
    if form.is_valid():
        leave = services.add_leave(worker=request.user, **form.cleaned_data)
        messages.success(request, f"Leave saved: {leave.cover} covers for you.")
        return redirect("accounts:my-leave")
    context = {
        "form": form,
        "today": today,
        "leave": request.user.leaves.filter(ends_on__gte=today).select_related("cover"),
        "covering": Leave.objects.filter(
            cover=request.user, ends_on__gte=today
        ).select_related("worker"),
    }
    return render(request, "accounts/my_leave.html", context)


NOTIFICATIONS_PER_PAGE = 20


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """List the user's notifications, newest first; unread ones stand out."""
    rows = Notification.objects.for_user(request.user)
    page = Paginator(rows, NOTIFICATIONS_PER_PAGE).get_page(
        page_number(request.GET.get("page"))
    )
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go where it points."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(user=request.user, notification_pk=notification.pk)
    return redirect(local_path(notification.url) or "accounts:notifications")


def local_path(url: str) -> str:
    """Return `url` if it is a path on this site, else "": never an open redirect."""
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return ""
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=set()) else ""


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all the user's notifications read."""
    count = services.mark_read(user=request.user)
    messages.success(
        request, f"{count} notification{'s' if count != 1 else ''} marked read."
    )
    return redirect("accounts:notifications")


@rule_required(policy.is_staff_member)
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Choose which kinds of notification also come by email."""
    chosen = services.email_choices(request.user)
    form = EmailChoicesForm(
        request.POST or None,
        initial={"by_email": [kind for kind, on in chosen.items() if on]},
    )
    if form.is_valid():
        services.set_email_choices(
            user=request.user, by_email=set(form.cleaned_data["by_email"])
        )
        messages.success(request, "Saved: your email choices.")
        return redirect("accounts:notification-settings")
    return render(request, "accounts/notification_settings.html", {"form": form})
