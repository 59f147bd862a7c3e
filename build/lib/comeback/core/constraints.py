"""Invariants every app's models keep the same way (docs/design.md §5 "Writes").

- `valid_choice("status", LineStatus)`: the CHECK condition that a column holds one of a closed set's
  values, so a guarded UPDATE can never write a state the code does not know (SQLite and PostgreSQL alike);
- `AppendOnly`: a row written once (a ledger entry, a passport event): saving it again or deleting it
  raises, and corrections are new rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def choice_values(choices: Iterable) -> list[str]:
    """The stored values of a TextChoices class (or of some of its members), in their order."""
    return [c.value for c in choices]


def valid_choice(field: str, choices: Iterable) -> Q:
    """CHECK condition: `field` holds one of `choices`' values."""
    return Q(**{f"{field}__in": choice_values(choices)})


class AppendOnly:
    """Mixin before `models.Model`: rows are only ever inserted. `save()` of a stored row and `delete()` raise
    ValueError naming the model; bulk writes are the database's to refuse (a trigger where it matters)."""

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name_plural} are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name_plural} are append-only")
