"""`makemessages` that also extracts `N_(...)`: the catalogue's vocabulary marks its words with
`gettext_noop as N_` (catalog/vocabulary.py), an alias xgettext does not know (docs/translations.md)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
