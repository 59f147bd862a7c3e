"""The storefront API by actor: the public catalogue reads, and staff's model photos (docs/design.md §5 "Entry points by actor")."""
