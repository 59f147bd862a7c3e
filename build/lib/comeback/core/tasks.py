"""Core background work: outbox drains and emails (django-tasks, one queue each: core/queues.py)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from . import queues, scheduler

EMAIL_ATTEMPTS = 6  # 1, 2, 4, 8, 16 minutes apart: a mail server down for half an hour loses nothing
EMAIL_RETRY = timedelta(minutes=1)


@task(queue_name=queues.OUTBOX)
def drain_outbox() -> int:
    from comeback.core import outbox

    return outbox.drain()


@task(queue_name=queues.EMAILS)
def send_email(
    *,
    subject: str,
    message: str,
    from_email: str | None,
    recipient_list: list[str],
    fail_silently: bool = False,
    attempt: int = 1,
) -> str:
    """Send one email; on failure queue the next attempt later, and fail for good after the last one."""
    from django.core import mail

    from comeback.core import clock

    try:
        mail.send_mail(subject, message, from_email, recipient_list, fail_silently=fail_silently)
    except Exception:
        if attempt >= EMAIL_ATTEMPTS or not send_email.get_backend().supports_defer:
            raise
        send_email.using(run_after=clock.now() + EMAIL_RETRY * 2 ** (attempt - 1)).enqueue(
            subject=subject,
            message=message,
            from_email=from_email,
            recipient_list=recipient_list,
            fail_silently=fail_silently,
            attempt=attempt + 1,
        )
        return "retrying"
    return "sent"


@scheduler.every(timedelta(seconds=10), "outbox-drain")
def drain_backstop() -> int:
    """Events whose drain was never queued, or whose retry is due: the scheduler delivers them."""
    from comeback.core import outbox

    return outbox.drain()
