"""What `/metrics` reads of webhook deliveries (core/metrics.py): those failing and retrying, those given up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily, Metric

from .models import DeliveryStatus, WebhookDelivery


def delivery_failures(at: datetime) -> Iterable[Metric]:
    counts = dict(
        WebhookDelivery.objects.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP])
        .values_list("status")
        .annotate(n=Count("id"))
    )
    family = GaugeMetricFamily(
        "comeback_webhook_deliveries_failing",
        "Webhook deliveries whose last attempt failed: retrying (failed) or given up (gave_up, kept until pruned).",
        labels=["status"],
    )
    for status in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP):
        family.add_metric([str(status)], counts.get(status, 0))
    return [family]


def register() -> None:
    from comeback.core import metrics

    metrics.register_source(delivery_failures)
