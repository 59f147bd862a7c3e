"""Background work of seller trust (django-tasks). The probation pause needs none of it: these only
recompute derived numbers and send notices, and are safe to run twice."""

from django_tasks import task


@task()
def notify_probation_reviews_due() -> int:
    from . import monitoring

    return monitoring.notify_due_reviews()


@task()
def recompute_quality() -> int:
    from . import monitoring

    return monitoring.recompute_all()


@task()
def recompute_seller_quality(seller_id: int) -> float | None:
    from . import monitoring
    from .models import Seller

    seller = Seller.objects.filter(pk=seller_id).first()
    return monitoring.recompute_seller(seller=seller) if seller else None
