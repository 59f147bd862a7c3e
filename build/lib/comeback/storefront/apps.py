from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """What visitors browse: home, catalogue pages and API, the page cache and the search snapshot. The top
    layer: it reads catalogue, offers and sellers at once, and no app below imports it (docs/design.md §3)."""

    name = "comeback.storefront"
    label = "storefront"
    verbose_name = "Storefront"

    def ready(self) -> None:
        from . import handlers, snapshot_share  # noqa: F401  (snapshot_share registers its scheduled job)

        handlers.register()
        _edition_runs_bump_the_catalogue()


def _edition_runs_bump_the_catalogue() -> None:
    """A product card shows an upcycled edition's run, and search keeps cards under the catalogue version
    (catalog/kept.py): an edition saved or deleted (its service creates its model in the same transaction, a
    factory may not) bumps it too. Here, since the catalogue sits below the editions."""
    from django.db.models.signals import post_delete, post_save

    from comeback.catalog import kept
    from comeback.editions.models import Edition

    def bump(sender, **kwargs) -> None:
        kept.changed()

    post_save.connect(bump, sender=Edition, weak=False, dispatch_uid="catalogue-version-save-Edition")
    post_delete.connect(bump, sender=Edition, weak=False, dispatch_uid="catalogue-version-delete-Edition")
