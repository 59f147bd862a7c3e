"""Emails for each step, sent by outbox handlers (console backend in the demo).

Idempotent: each email has a key (event or order, recipient); a `SentEmail` row with that key is
created before sending, so a replayed event never sends twice. A failed send deletes the row and
raises, so the outbox retries it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from comeback.core import hot_sql, outbox, site
from comeback.core.mail import send_mail

from .models import Order, OrderLine, Payout, Return, SentEmail


def _send(
    key: str,
    *,
    to: str,
    subject,
    template: str,
    context: dict,
    language: str = "en",
    params: dict | None = None,
) -> bool:
    """`subject` is a lazy translation with %-`params`, rendered in the recipient's market language."""
    if not _claim_email(key[:160]):
        return False  # already sent
    try:
        with translation.override(language):
            body = render_to_string(f"orders/emails/{template}.txt", {"site_url": site.url(), **context})
            send_mail(str(subject) % (params or {}), body, None, [to])
    except Exception:
        SentEmail.objects.filter(key=key[:160]).delete()
        raise
    return True


_CLAIM_SQL = (
    f'INSERT INTO {SentEmail._meta.db_table} ("key", sent_at) VALUES (%s, %s) ON CONFLICT ("key") DO NOTHING'
    " RETURNING id"
)


def _claim_email(key: str) -> bool:
    """Record `key` as sent: True when this call made the row, False when it was there. One statement, and no
    error to catch for a replayed event (both databases know ON CONFLICT … DO NOTHING RETURNING)."""
    conn = transaction.get_connection()
    with hot_sql.cursor() as cur:
        cur.execute(_CLAIM_SQL, [key, conn.ops.adapt_datetimefield_value(timezone.now())])
        return cur.fetchone() is not None


def _order_url(order: Order) -> str:
    return site.absolute(reverse("orders:detail", args=[order.ref]))


def _seller_url() -> str:
    return site.absolute(reverse("orders:seller_orders"))


def _line(payload: dict) -> OrderLine | None:
    return (
        OrderLine.objects.select_related("order__buyer", "order__market", "seller__user")
        .filter(pk=payload.get("line_id"))
        .first()
    )


def _params(line: OrderLine) -> dict:
    return {"ref": line.order.ref, "title": line.title}


def _buyer_mail(key: str, line: OrderLine, template: str, subject, **context) -> None:
    order = line.order
    _send(
        key,
        to=order.buyer.email,
        subject=subject,
        params=_params(line),
        template=template,
        language=order.market.language,
        context={"order": order, "line": line, "url": _order_url(order), **context},
    )


def _seller_mail(key: str, line: OrderLine, template: str, subject, **context) -> None:
    _send(
        key,
        to=line.seller.user.email,
        subject=subject,
        params={**_params(line), **context.pop("params", {})},
        template=template,
        context={"order": line.order, "line": line, "url": _seller_url(), **context},
    )


def on_line_paid(event_id: int, payload: dict) -> None:
    line = _line(payload)
    if line is None:
        return
    order = line.order
    lines = list(order.lines.all())  # the seller's are among them: one read for both emails
    # One confirmation per order for the buyer, one "to accept" per seller, however many lines.
    _buyer_mail(
        f"paid:{order.pk}:buyer", line, "order_paid", _("Your order %(ref)s is confirmed"), lines=lines
    )
    _seller_mail(
        f"paid:{order.pk}:seller:{line.seller_id}",
        line,
        "seller_new_order",
        _("New order %(ref)s to accept"),
        lines=[ln for ln in lines if ln.seller_id == line.seller_id],
    )


def _per_line_buyer(template: str, subject: str):
    def handler(event_id: int, payload: dict) -> None:
        line = _line(payload)
        if line is not None:
            _buyer_mail(f"{event_id}:buyer", line, template, subject)

    return handler


def on_line_cancelled(event_id: int, payload: dict) -> None:
    line = _line(payload)
    if line is None:
        return
    subject = _("%(title)s in order %(ref)s was cancelled")
    _buyer_mail(f"{event_id}:buyer", line, "line_cancelled", subject)
    _seller_mail(f"{event_id}:seller", line, "line_cancelled", subject)


def _return_handler(to_seller: bool, template: str, subject: str):
    def handler(event_id: int, payload: dict) -> None:
        ret = (
            Return.objects.select_related("line__order__buyer", "line__order__market", "line__seller__user")
            .filter(pk=payload.get("return_id"))
            .first()
        )
        if ret is None:
            return
        line = ret.line
        if to_seller:
            _seller_mail(f"{event_id}:seller", line, template, subject, ret=ret)
        else:
            _buyer_mail(f"{event_id}:buyer", line, template, subject, ret=ret)

    return handler


def _return(payload: dict) -> Return | None:
    return (
        Return.objects.select_related("line__order__buyer", "line__order__market", "line__seller__user")
        .filter(pk=payload.get("return_id"))
        .first()
    )


def on_return_requested_label(event_id: int, payload: dict) -> None:
    """The buyer's prepaid label and instructions, in the market's language."""
    from .services import return_labels

    ret = _return(payload)
    if ret is None or not ret.label_tracking:
        return
    with translation.override(ret.line.order.market.language):
        steps = [str(s) for s in return_labels.instructions(carrier=ret.label_carrier)]
    _buyer_mail(
        f"{event_id}:buyer",
        ret.line,
        "return_label",
        _("Your prepaid return label for %(title)s (%(ref)s)"),
        ret=ret,
        label_url=site.absolute(reverse("orders:return_label", args=[ret.pk])),
        instructions=steps,
    )


def on_return_parcel_delivered(event_id: int, payload: dict) -> None:
    ret = _return(payload)
    if ret is not None and ret.receive_by:
        _seller_mail(
            f"{event_id}:seller",
            ret.line,
            "return_parcel_delivered",
            _("Return parcel delivered: %(title)s (%(ref)s)"),
            ret=ret,
            due=ret.receive_by.strftime("%Y-%m-%d %H:%M"),
        )


def on_return_escalated(event_id: int, payload: dict) -> None:
    ret = _return(payload)
    if ret is None:
        return
    stage = payload.get("stage", "")
    subject = _("Return escalated to Comeback staff: %(title)s (%(ref)s)")
    _buyer_mail(f"{event_id}:buyer", ret.line, "return_escalated", subject, ret=ret, stage=stage)
    _seller_mail(f"{event_id}:seller", ret.line, "return_escalated", subject, ret=ret, stage=stage)
    staff_url = site.absolute(reverse("orders:staff_return", args=[ret.pk]))
    for user in get_user_model().objects.filter(is_staff=True, is_active=True).order_by("id")[:50]:
        _send(
            f"{event_id}:staff:{user.pk}",
            to=user.email,
            subject=subject,
            params=_params(ret.line),
            template="return_escalated",
            context={"order": ret.line.order, "line": ret.line, "url": staff_url, "stage": stage, "ret": ret},
        )


def on_review(event_id: int, payload: dict) -> None:
    line = _line(payload)
    if line is not None:
        _seller_mail(
            f"{event_id}:seller",
            line,
            "review_posted",
            _("New %(stars)s-star review for %(title)s"),
            stars=payload.get("stars"),
            params={"stars": payload.get("stars")},
        )


def on_payout(event_id: int, payload: dict) -> None:
    payout = Payout.objects.select_related("seller__user").filter(pk=payload.get("payout_id")).first()
    if payout is None:
        return
    amount = markets_money(payout.transfer_amount, payout.currency)
    _send(
        f"{event_id}:seller",
        to=payout.seller.user.email,
        template="payout",
        subject=_("Payout of %(amount)s"),
        params={"amount": amount},
        context={"payout": payout, "amount": amount},
    )


def markets_money(amount: int, currency: str) -> str:
    from comeback.core.money import Money

    return Money(amount, currency).format("en_GB")


_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    outbox.handles("order.line.paid")(on_line_paid)
    outbox.handles("order.line.accepted")(
        _per_line_buyer("line_accepted", _("%(title)s (order %(ref)s) is being prepared"))
    )
    outbox.handles("order.line.shipped")(
        _per_line_buyer("line_shipped", _("%(title)s (order %(ref)s) has shipped"))
    )
    outbox.handles("order.line.delivered")(
        _per_line_buyer("line_delivered", _("%(title)s (order %(ref)s) was delivered"))
    )
    outbox.handles("order.line.cancelled")(on_line_cancelled)
    outbox.handles("order.line.refunded")(
        _per_line_buyer("line_refunded", _("Refund for %(title)s (order %(ref)s)"))
    )
    outbox.handles("return.requested")(
        _return_handler(True, "return_requested", _("Return requested: %(title)s (%(ref)s)"))
    )
    outbox.handles("return.requested")(on_return_requested_label)
    outbox.handles("return.parcel_delivered")(on_return_parcel_delivered)
    outbox.handles("return.escalated")(on_return_escalated)
    outbox.handles("return.received")(
        _return_handler(False, "return_received", _("We received your return of %(title)s"))
    )
    outbox.handles("return.refunded")(
        _return_handler(True, "return_refunded", _("Return refunded: %(title)s (%(ref)s)"))
    )
    outbox.handles("review.posted")(on_review)
    outbox.handles("payout.created")(on_payout)
