from django.apps import AppConfig


class TradeinConfig(AppConfig):
    name = "comeback.tradein"
    label = "tradein"
    verbose_name = "Trade-in"

    def ready(self) -> None:
        from comeback.web import access

        from . import (
            handlers,  # noqa: F401  (registers outbox handlers: passports, when installed)
            selectors,
            tasks,  # noqa: F401  (registers the scheduled jobs)
            unit_register,
        )

        unit_register.register()
        # the partner portal (web/access.py): a brand's or a store's members
        access.open_desk(
            "partner", find=selectors.membership, attribute="member", refusal="tradein/not_a_partner.html"
        )
