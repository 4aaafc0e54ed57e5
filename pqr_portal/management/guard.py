"""
Commands that must never run against a production database by accident.

seed_demo creates logins with a published password; the bench_* commands fill
and delete thousands of rows. In the production shape (DEBUG off and a
DATABASE_URL, i.e. not the embedded default) they refuse to start unless
given --allow-production, said on purpose by someone who knows the database
is a throwaway one (the benchmark scripts and the tests say it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

OVERRIDE_FLAG = "--allow-production"


def production_shape() -> bool:
    """Return True outside the embedded default with DEBUG on."""
    return not settings.DEBUG and not getattr(settings, "EMBEDDED", False)


class NotInProductionCommand(BaseCommand):
    """A management command that refuses the production shape without --allow-production."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            OVERRIDE_FLAG, action="store_true", dest="allow_production",
            help="Correr aunque la configuración sea la de producción (DEBUG apagado y "
                 "DATABASE_URL): solo sobre una base de datos desechable.")
        return parser

    def execute(self, *args, **options):
        if production_shape() and not options.get("allow_production"):
            raise CommandError(
                f"{self.__module__.rsplit('.', 1)[-1]}: se niega a correr con la configuración "
                f"de producción (DEBUG apagado y DATABASE_URL). Si la base de datos es "
                f"desechable, repita con {OVERRIDE_FLAG}.")
        return super().execute(*args, **options)
