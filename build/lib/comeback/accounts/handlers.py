"""Outbox handlers of accounts: the mails that prove a person holds an address — verification after
sign-up, confirmation of an email change (sent to the new address, with a notice to the old one)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from comeback.core import outbox, site

from . import profile
from .models import User


def _language(payload: dict) -> str:
    language = payload.get("language") or "en"
    return language if language in ("en", "fr", "de", "ja") else "en"


@outbox.handles("accounts.signed_up")
def email_verification(event_id: int, payload: dict) -> None:
    user = User.objects.filter(
        pk=payload.get("user_id"), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is None:
        return
    with translation.override(_language(payload)):
        url = site.absolute(reverse("account:verify_email", args=[profile.verification_token(user)]))
        body = render_to_string("accounts/emails/verify.txt", {"user": user, "url": url})
        send_mail(_("Confirm your email for Comeback"), body, None, [user.email])


@outbox.handles("accounts.email_change_requested")
def email_change_confirmation(event_id: int, payload: dict) -> None:
    user = User.objects.filter(pk=payload.get("user_id"), is_active=True).first()
    new_email = payload.get("new_email") or ""
    if user is None or not new_email:
        return
    with translation.override(_language(payload)):
        url = site.absolute(
            reverse("account:confirm_email", args=[profile.email_change_token(user, new_email)])
        )
        body = render_to_string(
            "accounts/emails/email_change.txt", {"user": user, "url": url, "new_email": new_email}
        )
        send_mail(_("Confirm your new email for Comeback"), body, None, [new_email])
        notice = render_to_string(
            "accounts/emails/email_change_notice.txt", {"user": user, "new_email": new_email}
        )
        send_mail(_("Your Comeback email is about to change"), notice, None, [user.email])
