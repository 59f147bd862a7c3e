"""Where collected devices go: carrying out the route chosen at trade-in inspection — refurbish, harvest, upcycle, recycle (docs/design.md §2 "Where collected devices go")."""
