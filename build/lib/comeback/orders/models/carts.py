"""Carts, one per buyer and market, and their items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

MAX_ITEM_QUANTITY = 10  # units of one offer per cart item: a shop, not a wholesaler


# Cart -------------------------------------------------------------------------------------------
class Cart(models.Model):
    """One cart per buyer and market (offers are per market, so are prices and currencies)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carts")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "market"], name="cart_one_per_user_market")]

    def __str__(self) -> str:
        return f"Cart {self.user_id}/{self.market_id}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveSmallIntegerField(default=1)
    added_at = models.DateTimeField(auto_now_add=True)
    # A customisation: this add-on (a new strap, a case) goes with that item, one per unit of it, in the same
    # parcel (docs/fashion.md "Customisation"; orders/services/customise.py checks fit, seller and stock).
    attached_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="addons"
    )

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "offer"], name="cart_item_one_per_offer"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_ITEM_QUANTITY),
                name="cart_item_quantity_range",
            ),
            models.CheckConstraint(
                condition=Q(attached_to__isnull=True) | ~Q(attached_to=F("id")),
                name="cart_item_not_own_addon",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × offer {self.offer_id}"
