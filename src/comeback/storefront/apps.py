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
