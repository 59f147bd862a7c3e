"""`comeback dac7-report --year YYYY [--format csv|xml] [--output FILE]`: the DAC7 report of reportable
sellers (docs/payouts.md "DAC7"), to standard output unless `--output` names a file."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from comeback.core.problems import Problem
from comeback.payouts import conf, dac7


class Command(BaseCommand):
    help = "Write the DAC7 report of reportable sellers for a year, as CSV or DPI XML."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="the reportable period, e.g. 2027")
        parser.add_argument("--format", choices=["csv", "xml"], default="csv")
        parser.add_argument("--output", help="a file to write (default: standard output)")

    def handle(self, *args, **opts):
        if not 2000 <= opts["year"] <= 2999:
            raise CommandError("--year: a calendar year such as 2027")
        try:
            report = dac7.build(
                year=opts["year"],
                progress=lambda items, label: tqdm(items, desc=label, unit="seller-quarter", file=sys.stderr),
            )
        except Problem as problem:
            raise CommandError(f"{problem.code}: {problem.detail}") from problem
        if opts["format"] == "xml":
            content = dac7.to_xml(report, platform=conf.platform_identity()).decode()
        else:
            content = dac7.to_csv(report)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8", newline="") as f:
                f.write(content)
        else:
            self.stdout.write(content, ending="")
        self.stderr.write(
            f"{len(report.reportable)} reportable seller(s) of {len(report.sellers)} that sold in {report.year}"
        )
