from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "comeback.aftersales"
    label = "aftersales"
    verbose_name = "After-sales"

    def ready(self) -> None:
        from . import (
            handlers,
            metrics,
            remedies,
            tasks,  # noqa: F401  (registers the scheduled jobs)
        )

        handlers.register()
        metrics.register()
        remedies.register()
        _describe_webhook_topics()


def _describe_webhook_topics() -> None:
    # webhooks sits below aftersales: the claim topic's description reads the answer deadline from here
    from comeback.core import rule_numbers
    from comeback.webhooks import events

    from . import processes

    rule_numbers.give(events.CLAIM_ANSWER_DAYS, lambda: processes.ANSWER_BUSINESS_DAYS)
