from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "comeback.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models.signals import post_migrate, pre_save

        from . import checks, retention, tasks  # noqa: F401  (deploy checks; the outbox drain and pruning jobs)

        # Not a business rule but the text rule's last line: no control character reaches the database,
        # whichever entrance a value came through (docs/api.md "Text fields").
        pre_save.connect(_text_rule, dispatch_uid="core.text_rule")

        from django_tasks_db.models import DBTaskResult

        from . import logs, telemetry

        # A task enqueued while serving a request carries that request's id into the worker's logs.
        pre_save.connect(logs.remember_in_task, sender=DBTaskResult, dispatch_uid="core.task_request_id")
        request_finished.connect(logs.forget_request_id, dispatch_uid="core.forget_request_id")
        from . import keyring

        # The signing key is made (or PASSPORT_SIGNING_KEY registered) when the database is migrated, so
        # pages that publish keys only read.
        post_migrate.connect(keyring.settle, sender=self, dispatch_uid="core.keyring_settle")
        telemetry.setup()  # Sentry and OpenTelemetry, only when their variables are set


def _text_rule(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    from . import text

    if not raw:
        text.check_instance(instance, update_fields=update_fields)
