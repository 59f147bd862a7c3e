"""`comeback demo-logins`: the demo accounts to try, read from the database (docs/design.md §4)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comeback.demo import seeding as demo


class Command(BaseCommand):
    help = "Print the demo logins (email, role or seller state, what to try) and their password."

    def handle(self, *args, **options):
        logins = demo.demo_logins()
        if not logins:
            self.stdout.write("No demo logins yet: run `comeback seed-demo` first.")
            return
        header = ("Email", "Role / state", "Try")
        rows = [(x.email, x.role, x.hint) for x in logins]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
        rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

        def line(cells) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo logins — password for all: {demo.PASSWORD}"))
        self.stdout.write("\n".join([rule, line(header), rule, *(line(r) for r in rows), rule]))
