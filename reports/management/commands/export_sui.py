"""
Write the SUI Formato A file of a month:

    manage.py export_sui --month 2026-03 --output /tmp/sui-2026-03.csv

UTF-8, a header row, the 16 columns in order. Prints every row that cannot
be reported and why, and exits non-zero when there is one (the file is
written all the same, every row included, for the office to correct).
"""

from django.core.management.base import BaseCommand, CommandError

from reports.periods import parse_month
from reports.sui import problems_text, sui_write


class Command(BaseCommand):
    help = "Write the SUI Formato A CSV of a month; exit 1 when a row cannot be reported."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="AAAA-MM")
        parser.add_argument("--output", required=True, help="path of the CSV to write")

    def handle(self, *args, month, output, **opts):
        first = parse_month(month)
        if first is None:
            raise CommandError("--month must be AAAA-MM")
        with open(output, "wb") as out:
            result, sha = sui_write(first, out)
        self.stdout.write(f"{output}: {result.rows} rows, sha256 {sha}")
        for line in problems_text(result):
            self.stderr.write(line)
        if result.problems:
            raise CommandError(f"{result.invalid_rows} rows cannot be reported as they stand")
