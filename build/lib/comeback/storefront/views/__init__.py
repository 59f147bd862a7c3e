"""Storefront pages by actor: every page here is public (docs/design.md §5 "Entry points by actor")."""
