"""Email leaves through the `emails` task queue, so a slow mail server never holds up an outbox drain (and the
page invalidation behind it). Same signature as Django's `send_mail`; a failed send is tried again with a
growing delay, then left as a failed task staff can see and replay (docs/deploy.md "Freshness and healing")."""

from __future__ import annotations

from collections.abc import Sequence


def send_mail(
    subject, message: str, from_email: str | None, recipient_list: Sequence[str], fail_silently: bool = False
) -> None:
    from .tasks import send_email

    send_email.enqueue(
        subject=str(subject),
        message=str(message),
        from_email=from_email,
        recipient_list=list(recipient_list),
        fail_silently=fail_silently,
    )
