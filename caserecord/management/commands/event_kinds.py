"""Print the registry of event kinds as a Markdown table (docs/architecture.md keeps a copy)."""

from django.core.management.base import BaseCommand
from django.utils import translation

from caserecord.kinds import kinds_all


class Command(BaseCommand):
    help = "Lista los tipos de evento registrados (código, app, público, etiqueta)."

    def handle(self, *args, **options):
        with translation.override("es"):
            self.stdout.write("| code | app | public | label |")
            self.stdout.write("| --- | --- | --- | --- |")
            for kind in kinds_all():
                public = "yes" if kind.public else ""
                self.stdout.write(f"| `{kind.code}` | {kind.app} | {public} | {kind.label} |")
