from django.apps import AppConfig


class RepairConfig(AppConfig):
    name = "comeback.repair"
    label = "repair"
    verbose_name = "Repair"

    def ready(self) -> None:
        from comeback.passports import services as passports
        from comeback.passports.kinds import Role
        from comeback.web import access as web_access

        from . import access, handlers, selectors  # noqa: F401  (registers outbox handlers: emails, passport events)

        passports.register_holder(Role.REPAIRER, access.holds_unit)
        # the repairer's desk and the parts back office (web/access.py)
        web_access.open_desk(
            "repairer",
            find=selectors.locations_of,
            attribute="locations",
            refusal="repair/not_a_repairer.html",
        )
        web_access.open_desk(
            "parts",
            find=access.may_manage_parts,
            attribute="manages_parts",
            refusal="repair/not_a_parts_manager.html",
        )
        # web sits below repair: the back office's home reads the obligation's length from here
        from comeback.core import rule_numbers
        from comeback.web import views as web_views

        from . import obligation

        rule_numbers.give(web_views.OBLIGATION_YEARS, lambda: obligation.OBLIGATION_YEARS)
