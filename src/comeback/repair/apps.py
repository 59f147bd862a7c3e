from django.apps import AppConfig


class RepairConfig(AppConfig):
    name = "comeback.repair"
    label = "repair"
    verbose_name = "Repair"

    def ready(self) -> None:
        from comeback.passports import services as passports
        from comeback.passports.kinds import Role

        from . import access, handlers  # noqa: F401  (registers outbox handlers: emails, passport events)

        passports.register_holder(Role.REPAIRER, access.holds_unit)
