"""`comeback api-errors`: print the API error catalogue (docs/api-errors.md) read from the source."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comeback.core.error_catalogue import catalogue, markdown


class Command(BaseCommand):
    help = "Print the catalogue of every error code the API can answer, as Markdown (docs/api-errors.md)."

    def handle(self, *args, **options):
        self.stdout.write(markdown(catalogue()), ending="")
