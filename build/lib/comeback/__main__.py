"""`comeback` console script: wraps manage.py (`comeback seed-demo`, `comeback issue-token EMAIL`, …)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comeback.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Hyphenated spellings are the public names (docs/design.md §4); Django commands use underscores.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "comeback"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
