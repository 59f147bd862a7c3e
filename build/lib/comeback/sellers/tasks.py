"""Background work of seller trust (django-tasks). The probation pause needs none of it: these only
recompute derived numbers and send notices, and are safe to run twice."""

from datetime import timedelta

from django_tasks import task

from comeback.core import queues, scheduler


@task(queue_name=queues.REPORTS)
def notify_probation_reviews_due() -> int:
    from . import monitoring

    return monitoring.notify_due_reviews()


@task(queue_name=queues.REPORTS)
def recompute_quality() -> int:
    from . import monitoring

    return monitoring.recompute_all()


@task(queue_name=queues.REPORTS)
def recompute_seller_quality(seller_id: int) -> float | None:
    from . import monitoring
    from .models import Seller

    seller = Seller.objects.filter(pk=seller_id).first()
    return monitoring.recompute_seller(seller=seller) if seller else None


@scheduler.every(timedelta(days=1), "seller-jobs")
def seller_jobs() -> dict[str, int]:
    """What `comeback seller-jobs` does: recompute quality, then send the probation review notices."""
    from . import monitoring

    return {"recomputed": monitoring.recompute_all(), "review_notices": monitoring.notify_due_reviews()}


@scheduler.every(timedelta(hours=1), "seller-removals")
def seller_removals() -> int:
    """Carry out the removals whose 30 days' notice has run out (sellers/removal.py)."""
    from . import removal

    return removal.complete_due()
