"""Webhooks: every write and rule — subscriptions, fan-out from the outbox, delivery attempts, retries.

Delivery is at-least-once: an event may arrive more than once (a lost response, a replayed outbox
event), so receivers de-duplicate on the event `id` (docs/webhooks.md). Network calls never run inside
a database transaction (docs/design.md §5): the attempt is claimed with a guarded update, the POST happens
outside any transaction, and the outcome is recorded with a second guarded update.
"""

from __future__ import annotations

import enum
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Invalid, NotFound
from comeback.sellers.models import Seller

from . import delivery as transport
from . import events, selectors, signing
from .models import MAX_URL_LENGTH, DeliveryStatus, WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)

# Retry schedule after attempt 1, 2, …: then we give up (docs/webhooks.md "Retries"); ≈ 44.6 h in all.
BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# While an attempt is in flight its delivery is not due; a worker that dies mid-attempt leaves the
# delivery due again once the lease ends (longer than the 10 s timeout, so never two in flight).
LEASE = timedelta(minutes=2)
MAX_SUBSCRIPTIONS_PER_SELLER = 20
MAX_DESCRIPTION_LENGTH = 200

S = DeliveryStatus


class Actor(enum.Flag):
    WORKER = enum.auto()  # the delivery task
    SELLER = enum.auto()  # "redeliver" in the delivery log


TRANSITIONS: dict[tuple[str, str], Actor] = {
    (S.PENDING, S.SUCCEEDED): Actor.WORKER,
    (S.PENDING, S.FAILED): Actor.WORKER,
    (S.PENDING, S.GAVE_UP): Actor.WORKER,
    (S.FAILED, S.SUCCEEDED): Actor.WORKER,
    (S.FAILED, S.FAILED): Actor.WORKER,
    (S.FAILED, S.GAVE_UP): Actor.WORKER,
    (S.GAVE_UP, S.PENDING): Actor.SELLER,
    (S.SUCCEEDED, S.PENDING): Actor.SELLER,
}


def retry_delay(attempt: int) -> timedelta | None:
    """The wait after failed attempt number `attempt` (1-based); None once there is no retry left."""
    return BACKOFF[attempt - 1] if 1 <= attempt <= len(BACKOFF) else None


# --- subscriptions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreatedSubscription:
    subscription: WebhookSubscription
    secret: str  # shown once


def clean_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise Invalid.field("url", "too_long", _("Use a URL of at most %d characters.") % MAX_URL_LENGTH)
    try:
        transport.parse_target(url)
    except transport.RefusedTarget as refused:
        raise Invalid.field("url", refused.code, str(refused)) from None
    return url


def clean_events(names) -> list[str]:
    if not isinstance(names, list | tuple) or not names or not all(isinstance(n, str) for n in names):
        raise Invalid.field("events", "events_required", _('List at least one event type, or "*" for all.'))
    unknown = sorted({n for n in names if not events.is_known(n)})
    if unknown:
        raise Invalid.field(
            "events",
            "unknown_event",
            _('Unknown event types: %(unknown)s. Known: %(known)s, or "*".')
            % {"unknown": ", ".join(unknown), "known": ", ".join(events.TOPICS)},
        )
    return [events.ALL] if events.ALL in names else sorted(set(names))


def clean_description(text: str | None) -> str:
    text = (text or "").strip()
    if any(ord(c) < 32 for c in text):
        raise Invalid.field("description", "invalid_characters", _("Use printable characters only."))
    if len(text) > MAX_DESCRIPTION_LENGTH:
        raise Invalid.field(
            "description", "too_long", _("Use at most %d characters.") % MAX_DESCRIPTION_LENGTH
        )
    return text


def create_subscription(
    *, seller: Seller, url: str, events: list[str], description: str = "", is_active: bool = True
) -> CreatedSubscription:
    url, names, description = clean_url(url), clean_events(events), clean_description(description)
    secret = signing.new_secret()
    at = clock.now()
    with transaction.atomic():
        # Lock the seller row so two concurrent creations cannot both pass the cap.
        Seller.objects.select_for_update().filter(pk=seller.pk).values_list("pk", flat=True).first()
        if WebhookSubscription.objects.filter(seller=seller).count() >= MAX_SUBSCRIPTIONS_PER_SELLER:
            raise Conflict(
                _("A seller may have at most %d webhook subscriptions.") % MAX_SUBSCRIPTIONS_PER_SELLER,
                code="webhook_limit",
            )
        subscription = WebhookSubscription.objects.create(
            seller=seller,
            url=url,
            events=names,
            secret=secret,
            description=description,
            is_active=is_active,
            created_at=at,
            updated_at=at,
        )
    return CreatedSubscription(subscription=subscription, secret=secret)


def update_subscription(*, seller: Seller, subscription_id: int, changes: dict) -> WebhookSubscription:
    """Change url, events, description or is_active; the secret never changes here."""
    subscription = _own(seller, subscription_id)
    fields: dict = {}
    if "url" in changes:
        fields["url"] = clean_url(changes["url"])
    if "events" in changes:
        fields["events"] = clean_events(changes["events"])
    if "description" in changes:
        fields["description"] = clean_description(changes["description"])
    if "is_active" in changes:
        if not isinstance(changes["is_active"], bool):
            raise Invalid.field("active", "invalid_boolean", _("Use true or false."))
        fields["is_active"] = changes["is_active"]
    if fields:
        fields["updated_at"] = clock.now()
        WebhookSubscription.objects.filter(pk=subscription.pk, seller=seller).update(**fields)
        subscription.refresh_from_db()
    return subscription


def delete_subscription(*, seller: Seller, subscription_id: int) -> None:
    """Delete a subscription and its delivery log; undelivered events for it are dropped."""
    deleted, _rows = WebhookSubscription.objects.filter(pk=subscription_id, seller=seller).delete()
    if not deleted:
        _own(seller, subscription_id)  # raises the 404


def _own(seller: Seller, subscription_id: int) -> WebhookSubscription:
    # The same 404 for "does not exist" and "belongs to another seller": ids reveal nothing.
    return selectors.subscription_of(seller, subscription_id)


# --- fan-out -------------------------------------------------------------------------------------


def fan_out(*, topic: str, event_id: int, payload: dict) -> list[int]:
    """One delivery per active matching subscription of the event's seller; idempotent per event.

    Called by the outbox (handlers.py) — possibly twice for one event after a crash, hence the unique
    (subscription, event_id) constraint and `ignore_conflicts`. Returns the deliveries to attempt.
    """
    return fan_out_many([(event_id, topic, payload)])


def fan_out_many(outbox_events: list[tuple[int, str, dict]]) -> list[int]:
    """`fan_out` for a drain's batch of events, (id, topic, payload) oldest first: one read of their sellers'
    subscriptions for the batch, however many events (most sellers subscribe to nothing)."""
    wanted = [
        (event_id, topic, payload)
        for event_id, topic, payload in outbox_events
        if isinstance(payload.get("seller_id"), int) and not isinstance(payload.get("seller_id"), bool)
    ]
    if not wanted:
        return []
    by_seller = defaultdict(list)
    for s in WebhookSubscription.objects.filter(
        seller_id__in={payload["seller_id"] for _id, _topic, payload in wanted}, is_active=True
    ).only("id", "seller_id", "events"):
        by_seller[s.seller_id].append(s)
    matched = [
        (event_id, topic, payload, s)
        for event_id, topic, payload in wanted
        for s in by_seller.get(payload["seller_id"], ())
        if events.matches(s.events, topic)
    ]
    if not matched:
        return []
    at = clock.now()
    occurred = _event_times({event_id for event_id, *_rest in matched})
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription=s,
                event_id=f"evt_{event_id}",
                topic=topic,
                payload=payload,
                occurred_at=occurred.get(event_id) or at,
                status=S.PENDING,
                next_attempt_at=at,
                created_at=at,
                updated_at=at,
            )
            for event_id, topic, payload, s in matched
        ],
        ignore_conflicts=True,
    )
    ids = list(
        WebhookDelivery.objects.filter(
            subscription__in={s.pk for *_rest, s in matched},
            event_id__in={f"evt_{event_id}" for event_id, *_rest in matched},
            status=S.PENDING,
            attempts=0,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    transaction.on_commit(partial(enqueue, ids))
    return ids


def _event_times(event_ids: set[int]) -> dict[int, datetime]:
    from comeback.core.models import OutboxEvent

    return dict(OutboxEvent.objects.filter(pk__in=event_ids).values_list("pk", "created_at"))


def enqueue(delivery_ids: list[int], *, run_after: datetime | None = None) -> None:
    """Hand deliveries to the task queue. A failure here loses nothing: `deliver_due_webhooks` finds them."""
    from . import tasks

    task = tasks.deliver_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # no delayed tasks (immediate backend): the periodic sweep retries when due
        task = task.using(run_after=run_after)
    for pk in delivery_ids:
        try:
            task.enqueue(pk)
        except Exception:
            log.exception("could not enqueue webhook delivery %s", pk)


# --- delivery ------------------------------------------------------------------------------------


def in_transaction(using: str | None = None) -> bool:
    """True inside an atomic block opened by application code (a test case's own wrapper does not count)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def envelope(delivery: WebhookDelivery) -> dict:
    return {
        "id": delivery.event_id,
        "type": delivery.topic,
        "created_at": clock.rfc3339(delivery.occurred_at),
        "data": delivery.payload,
    }


def max_attempts(delivery: WebhookDelivery) -> int:
    return 1 if delivery.topic == events.PING else MAX_ATTEMPTS  # a test ping is never retried


def attempt_delivery(*, delivery_id: int) -> WebhookDelivery | None:
    """Try one due delivery once. Returns it as recorded, or None when another worker holds it."""
    if in_transaction():
        raise RuntimeError(
            "a webhook delivery must not run inside a database transaction (docs/design.md §5)"
        )
    at = clock.now()
    d = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if d is None or not d.is_open or d.next_attempt_at > at:
        return d
    if not d.subscription.is_active and d.topic != events.PING:
        return d  # paused: it stays due and leaves once the seller re-enables the subscription
    attempt = d.attempts + 1
    claimed = WebhookDelivery.objects.filter(pk=d.pk, status=d.status, attempts=d.attempts).update(
        attempts=attempt, next_attempt_at=at + LEASE, last_attempt_at=at, updated_at=at
    )
    if not claimed:
        return None

    body = signing.encode_body(envelope(d))
    headers = {
        "Comeback-Signature": signing.header(d.subscription.secret, int(at.timestamp()), body),
        "Comeback-Event": d.topic,
        "Comeback-Event-Id": d.event_id,
        "Comeback-Delivery": str(d.pk),
        "Comeback-Attempt": str(attempt),
    }
    outcome = transport.post(d.subscription.url, body, headers)

    finished = clock.now()
    delay = retry_delay(attempt) if attempt < max_attempts(d) else None
    if outcome.ok:
        to, next_at = S.SUCCEEDED, None
    elif delay is None:
        to, next_at = S.GAVE_UP, None
    else:
        to, next_at = S.FAILED, finished + delay
    try:
        _move(
            delivery_id=d.pk,
            frm=d.status,
            to=to,
            actor=Actor.WORKER,
            expect_attempts=attempt,
            attempts=attempt,
            next_attempt_at=next_at,
            last_status_code=outcome.status_code,
            last_error=outcome.error[:500],
            response_excerpt=outcome.excerpt[:1000],
        )
    except Conflict:
        # Our lease ran out and another worker took the delivery over: its record stands.
        log.warning("webhook delivery %s changed while attempt %s was in flight", d.pk, attempt)
        return None
    if to == S.FAILED:
        enqueue([d.pk], run_after=next_at)
    d.refresh_from_db()
    return d


def _move(
    *, delivery_id: int, frm: str, to: str, actor: Actor, expect_attempts: int | None = None, **fields
) -> None:
    allowed = TRANSITIONS.get((frm, to))
    if allowed is None or not (actor & allowed):
        raise Conflict(
            _("A %(frm)s delivery cannot become %(to)s.") % {"frm": frm, "to": to},
            code="delivery_transition_refused",
        )
    rows = WebhookDelivery.objects.filter(pk=delivery_id, status=frm)
    if expect_attempts is not None:
        rows = rows.filter(attempts=expect_attempts)
    if not rows.update(status=to, updated_at=clock.now(), **fields):
        raise Conflict(_("The delivery changed meanwhile; reload the log."), code="delivery_state_changed")


def due_delivery_ids(*, at: datetime | None = None, limit: int = 200) -> list[int]:
    at = at or clock.now()
    return list(
        WebhookDelivery.objects.filter(
            status__in=(S.PENDING, S.FAILED), next_attempt_at__lte=at, subscription__is_active=True
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(*, limit: int = 200, progress=None) -> dict[str, int]:
    """Attempt every delivery due now (the safety net behind the task queue). Returns counts by outcome."""
    ids = due_delivery_ids(limit=limit)
    counts = {s.value: 0 for s in S} | {"skipped": 0}
    for pk in progress(ids) if progress else ids:
        d = attempt_delivery(delivery_id=pk)
        counts[d.status if d is not None else "skipped"] += 1
    return counts


def send_test(*, seller: Seller, subscription_id: int) -> WebhookDelivery:
    """Send a `ping` now and return its recorded outcome. Works on a paused subscription too."""
    subscription = _own(seller, subscription_id)
    at = clock.now()
    ping = WebhookDelivery.objects.create(
        subscription=subscription,
        event_id=f"evt_test_{secrets.token_hex(8)}",
        topic=events.PING,
        payload={
            "seller_id": seller.pk,
            "subscription_id": subscription.pk,
            "message": "Hello from Comeback",
        },
        occurred_at=at,
        status=S.PENDING,
        next_attempt_at=at,
        created_at=at,
        updated_at=at,
    )
    return attempt_delivery(delivery_id=ping.pk) or ping


def redeliver(*, seller: Seller, subscription_id: int, delivery_id: int) -> WebhookDelivery:
    """Queue a finished delivery again with a fresh retry schedule (same event id: receivers de-duplicate)."""
    subscription = _own(seller, subscription_id)
    d = WebhookDelivery.objects.filter(pk=delivery_id, subscription=subscription).first()
    if d is None:
        raise NotFound(_("No delivery with that id."), code="delivery_not_found")
    if d.topic == events.PING:
        raise Conflict(_("Send a new test instead of replaying one."), code="delivery_transition_refused")
    at = clock.now()
    _move(
        delivery_id=d.pk,
        frm=d.status,
        to=S.PENDING,
        actor=Actor.SELLER,
        expect_attempts=d.attempts,
        attempts=0,
        next_attempt_at=at,
    )
    transaction.on_commit(partial(enqueue, [d.pk]))
    d.refresh_from_db()
    return d
