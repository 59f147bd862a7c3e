"""After-sales: the warranty on every delivered unit, the legal guarantee beside it, and claims with deadlines and escalation (docs/design.md §2 "Warranty")."""
