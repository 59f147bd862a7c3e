"""Background work for webhooks (django-tasks; the database backend by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str | None:
    """Attempt one delivery if it is due; returns its status after the attempt."""
    from . import services

    delivery = services.attempt_delivery(delivery_id=delivery_id)
    return delivery.status if delivery is not None else None


@task()
def deliver_due_webhooks(limit: int = 200) -> dict[str, int]:
    """The sweep: attempt every due delivery (retries when the task backend cannot delay a task)."""
    from . import services

    return services.deliver_due(limit=limit)
