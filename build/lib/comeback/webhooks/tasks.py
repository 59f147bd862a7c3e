"""Background work for webhooks (django-tasks; the database backend by default)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from comeback.core import queues, scheduler


@task(queue_name=queues.WEBHOOKS)
def deliver_webhook(delivery_id: int) -> str | None:
    """Attempt one delivery if it is due; returns its status after the attempt."""
    from . import services

    delivery = services.attempt_delivery(delivery_id=delivery_id)
    return delivery.status if delivery is not None else None


@scheduler.every(timedelta(seconds=30), "deliver-due-webhooks")
@task(queue_name=queues.WEBHOOKS)
def deliver_due_webhooks(limit: int = 200) -> dict[str, int]:
    """The sweep: attempt every due delivery (retries when the task backend cannot delay a task)."""
    from . import services

    return services.deliver_due(limit=limit)


@scheduler.every(timedelta(hours=1), "prune-webhook-deliveries")
def prune_deliveries() -> int:
    """Finished deliveries (succeeded or given up) older than WEBHOOK_DELIVERY_RETENTION_DAYS go."""
    from django.conf import settings

    from comeback.core import clock
    from comeback.core.retention import delete_in_chunks

    from .models import DeliveryStatus, WebhookDelivery

    before = clock.now() - timedelta(days=settings.WEBHOOK_DELIVERY_RETENTION_DAYS)
    return delete_in_chunks(
        WebhookDelivery.objects.filter(
            status__in=[DeliveryStatus.SUCCEEDED, DeliveryStatus.GAVE_UP], updated_at__lt=before
        )
    )
