"""Optional TOTP second factor (django-otp). A device is confirmed only after the user types a valid code."""

from __future__ import annotations

import base64

import segno
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.apps.org.models import User

DEVICE_NAME = "Ứng dụng xác thực"


def pending_device(*, user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def has_confirmed(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def current_token_ok(*, user: User, token: str) -> bool:
    """A code from the user's confirmed device: asked again before the factor is removed or replaced,
    so a session left open (or stolen) cannot turn the second factor off."""
    token = token.strip()
    return bool(token) and any(
        device.verify_token(token) for device in TOTPDevice.objects.filter(user=user, confirmed=True)
    )


def confirm_device(*, device: TOTPDevice, token: str, request: HttpRequest, current_token: str = "") -> bool:
    """Confirm the pending device with a code it produced. Replacing a confirmed device also needs a code
    from that device (``current_token``)."""
    if has_confirmed(device.user) and not current_token_ok(user=device.user, token=current_token):
        return False
    if not device.verify_token(token.strip()):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    otp_login(request, device)
    return True


def verify(*, request: HttpRequest, token: str) -> bool:
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return True
    return False


def disable(*, user: User, current_token: str) -> bool:
    """Remove the second factor; refused (False) without a current code from the confirmed device."""
    if has_confirmed(user) and not current_token_ok(user=user, token=current_token):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True
