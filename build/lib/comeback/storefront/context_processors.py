def cached_csrf(request):
    """Pages rendered for the anonymous page cache carry a placeholder token, replaced per visitor."""
    from .pagecache import CSRF_PLACEHOLDER, rendering_for_cache

    return {"csrf_token": CSRF_PLACEHOLDER} if rendering_for_cache(request) else {}
