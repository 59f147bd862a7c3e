from django_tasks import task


@task()
def drain_outbox() -> int:
    from comeback.core import outbox

    return outbox.drain()
