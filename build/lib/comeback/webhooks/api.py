"""Seller API for webhooks: `/api/v1/seller/webhooks` (docs/webhooks.md). Seller tokens only."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.core.problems import Invalid
from comeback.web.api_access import acting_seller

from . import selectors, services
from .models import DeliveryStatus
from .schemas import DeliveryOut, SubscriptionCreatedOut, SubscriptionIn, SubscriptionOut, SubscriptionPatch

router = Router(tags=["webhooks"], auth=token_auth)


@router.get(
    "/seller/webhooks",
    response=page_of(SubscriptionOut, "SubscriptionList"),
    summary="List your webhook subscriptions",
)
def list_subscriptions(request, paging: Query[PageQuery]):
    return paginate(request, selectors.subscriptions_of(acting_seller(request)).order_by("id"), paging)


@router.post("/seller/webhooks", response={201: SubscriptionCreatedOut}, summary="Subscribe an endpoint")
def create_subscription(request, body: SubscriptionIn):
    created = services.create_subscription(
        seller=acting_seller(request),
        url=body.url,
        events=body.events,
        description=body.description,
        is_active=body.active,
    )
    return 201, created.subscription  # its `secret` field holds the secret: the only response that shows it


@router.get("/seller/webhooks/{subscription_id}", response=SubscriptionOut)
def get_subscription(request, subscription_id: int):
    return selectors.subscription_of(acting_seller(request), subscription_id)


@router.patch("/seller/webhooks/{subscription_id}", response=SubscriptionOut)
def update_subscription(request, subscription_id: int, body: SubscriptionPatch):
    changes = body.dict(exclude_unset=True)
    if "active" in changes:
        changes["is_active"] = changes.pop("active")
    for field in ("url", "events", "is_active"):
        if field in changes and changes[field] is None:
            raise Invalid.field(
                "active" if field == "is_active" else field, "null_not_allowed", _("Must not be null.")
            )
    return services.update_subscription(
        seller=acting_seller(request), subscription_id=subscription_id, changes=changes
    )


@router.delete("/seller/webhooks/{subscription_id}", response={204: None})
def delete_subscription(request, subscription_id: int):
    services.delete_subscription(seller=acting_seller(request), subscription_id=subscription_id)
    return 204, None


class DeliveryFilters(PageQuery):
    status: DeliveryStatus | None = None


@router.get(
    "/seller/webhooks/{subscription_id}/deliveries",
    response=page_of(DeliveryOut, "DeliveryList"),
    summary="Delivery log",
)
def list_deliveries(request, subscription_id: int, filters: Query[DeliveryFilters]):
    subscription = selectors.subscription_of(acting_seller(request), subscription_id)
    return paginate(request, selectors.all_deliveries_of(subscription, status=filters.status), filters)


@router.post(
    "/seller/webhooks/{subscription_id}/test", response={201: DeliveryOut}, summary="Send a ping event now"
)
def send_test(request, subscription_id: int):
    return 201, services.send_test(seller=acting_seller(request), subscription_id=subscription_id)


@router.post(
    "/seller/webhooks/{subscription_id}/deliveries/{delivery_id}/redeliver",
    response={202: DeliveryOut},
    summary="Queue a finished delivery again",
)
def redeliver(request, subscription_id: int, delivery_id: int):
    return 202, services.redeliver(
        seller=acting_seller(request), subscription_id=subscription_id, delivery_id=delivery_id
    )
