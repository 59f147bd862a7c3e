"""Fees and commission, pure and in integer minor units (docs/design.md §2 Orders: "Fees").

The buyer service fee is the market's rate (`Market.buyer_fee_bps`) of the basket, rounded half up,
and never more than 2% of the basket (rounded down). The seller commission is a rate of each line's
price (10% by default). The fee is shared between lines in proportion to their prices so that a
refunded line returns exactly what the buyer paid for it.
"""

from __future__ import annotations

FEE_CAP_BPS = 200  # docs/design.md §2 Orders: buyer service fee capped at 2% of the basket
BPS = 10_000


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def fee_cap(basket: int) -> int:
    return basket * FEE_CAP_BPS // BPS


def buyer_fee(basket: int, bps: int) -> int:
    """The buyer service fee on a basket of `basket` minor units at `bps` basis points, capped at 2%."""
    if basket <= 0 or bps <= 0:
        return 0
    return min(_round_half_up(basket * bps, BPS), fee_cap(basket))


def commission(price: int, bps: int) -> int:
    """The seller commission on one line."""
    return min(price, _round_half_up(price * max(bps, 0), BPS))


def share(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` without losing a minor unit (largest remainders first)."""
    if not weights:
        return []
    whole = sum(weights)
    if total == 0 or whole == 0:
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in remainders[: total - sum(parts)]:
        parts[i] += 1
    return parts
