"""The legal guarantee of a line, extended when the buyer chooses repair as the remedy for a defect
(Directive (EU) 2024/1799 Art. 16, amending Directive (EU) 2019/771 Art. 10(1); docs/warranty.md)."""

from __future__ import annotations

from django.db.models import F

from ..models import OrderLine

REPAIR_EXTENSION_MONTHS = 12
MAX_EXTENSION_MONTHS = 60  # a bound on repeated repairs, far beyond any unit's life here


def extend_legal_guarantee(*, line_id: int, months: int = REPAIR_EXTENSION_MONTHS) -> bool:
    """Add `months` to the line's legal guarantee (a guarded UPDATE; False when the bound is reached)."""
    return bool(
        OrderLine.objects.filter(
            pk=line_id, legal_guarantee_extension_months__lte=MAX_EXTENSION_MONTHS - months
        ).update(legal_guarantee_extension_months=F("legal_guarantee_extension_months") + months)
    )
