import json

from django.core.management.base import CommandError

from policycredit.demo.bench import engine as bench
from policycredit.demo.bench import load, pages
from policycredit.demo.bench.scratch import run_json
from policycredit.demo.management.base import DemoCommand


class Command(DemoCommand):
    help = "Benchmarks that print their figures (speed targets live here, not in tests)."

    def add_arguments(self, parser):
        parser.add_argument(
            "name",
            choices=[
                "engine",
                "transaction-day",
                "close-day",
                "deep-check",
                "import-hstd",
                "directive40",
                "load",
                "pages",
            ],
        )
        parser.add_argument("--loans", type=int, default=1000)
        parser.add_argument("--borrowers", type=int, default=1000, help="transaction-day")
        parser.add_argument("--entries", type=int, default=500, help="transaction-day")
        parser.add_argument("--users", type=int, default=100, help="load: people at once")
        parser.add_argument(
            "--seconds",
            type=int,
            default=240,
            help="load: the measured window (long enough for a teller to finish a day)",
        )
        parser.add_argument(
            "--think",
            type=float,
            default=10.0,
            help="load: seconds a person takes between two steps, on average",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="load: web workers (default 2 × cores + 1)"
        )
        parser.add_argument(
            "--database",
            default=None,
            help="a PostgreSQL URL next to which a scratch database is made "
            "(default: a temporary SQLite file)",
        )
        parser.add_argument("--runs", type=int, default=5, help="pages: timed openings of each")
        parser.add_argument("--json", action="store_true", dest="as_json", help="JSON only")

    def handle(self, *args, name, loans, as_json=False, **options):
        if name == "load":
            return self.load(as_json=as_json, **options)
        if name == "pages":
            result = pages.run(options["runs"])
            return self.stdout.write(json.dumps(result) if as_json else pages.summary(result))
        if name == "transaction-day":
            return self.transaction_day(as_json=as_json, **options)
        if name == "close-day":
            return self.close_day(loans=loans, as_json=as_json, **options)
        if name == "deep-check":
            return self.deep_check(loans=loans, as_json=as_json, **options)
        if name == "directive40":
            return self.directive40(loans=loans, as_json=as_json, **options)
        if name == "import-hstd":
            return self.import_hstd(loans=loans, as_json=as_json, **options)
        result = bench.engine(loans)
        if as_json:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"engine: {result['loans']:,} loans of {result['events_per_loan']} events "
                f"in {result['seconds']:.3f} s"
            )

    def transaction_day(self, *, borrowers, entries, database, as_json, **options):
        result = self._in_scratch(
            database,
            as_json,
            "Building a point with its borrowers in a scratch database…",
            f"demo.bench.transactiondays import run; print(json.dumps(run({int(borrowers)}, "
            f"{int(entries)})))",
        )
        if result:
            self.stdout.write(
                f"transaction day on {result['database']}: sheets for {result['borrowers']:,} "
                f"borrowers in {result['sheets_seconds']:.3f} s (target < 1 s); "
                f"{result['entries']} entries saved in {result['entry_seconds']:.3f} s; "
                f"posted at sign-off in {result['post_seconds']:.3f} s (target < 2 s)"
            )

    def load(self, *, users, seconds, think, workers, database, as_json, **options):
        """Exit 1 when the proof fails (something lost or doubled, or the deep check); the
        speed targets are reported, not enforced."""
        try:
            result = load.run(
                users=users,
                seconds=seconds,
                database=database,
                think=think,
                workers=workers,
                progress=(lambda message: None) if as_json else self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result) if as_json else result["summary"])
        if not result["checks_passed"]:
            raise CommandError("bench load: the proof after the run failed (see above).")

    def close_day(self, *, loans, database, as_json, **options):
        result = self._in_scratch(
            database,
            as_json,
            f"Building {loans:,} loans in bulk in a scratch database…",
            f"demo.bench.closing import run; print(json.dumps(run({int(loans)})))",
        )
        if result:
            self.stdout.write(
                f"close of day on {result['database']}, {result['loans']:,} loans "
                f"(built in {result['build_seconds']} s): ordinary day "
                f"{result['total_seconds']} s {result['steps']}, month end "
                f"{result['month_end_seconds']} s, floor (one grouped scan) "
                f"{result['floor_seconds']} s, ratio {result['ratio']}, "
                f"peak {result['peak_rss_mb']} MB"
            )

    def deep_check(self, *, loans, database, as_json, **options):
        result = self._in_scratch(
            database,
            as_json,
            f"Building {loans:,} loans in bulk in a scratch database…",
            "demo.bench.closing import run_deep_check; "
            f"print(json.dumps(run_deep_check({int(loans)})))",
        )
        if result:
            self.stdout.write(
                f"ledger check --deep on {result['database']}: {result['loans']:,} loans "
                f"replayed and compared in {result['seconds']} s "
                f"({result['loans_per_second']:,} a second), {result['differences']} differences "
                f"(built in {result['build_seconds']} s), peak {result['peak_rss_mb']} MB"
            )

    def import_hstd(self, *, loans, database, as_json, **options):
        result = self._in_scratch(
            database,
            as_json,
            f"Writing a {loans:,}-row loan register and importing it in a scratch database…",
            f"demo.bench.registers import run; print(json.dumps(run({int(loans)})))",
        )
        if result:
            self.stdout.write(
                f"import of the loan register on {result['database']}: {result['loans']:,} "
                f"rows ({result['file_mb']} MB) in {result['seconds']} s "
                f"({result['rows_per_second']:,} rows/s), peak {result['peak_rss_mb']} MB"
            )

    def directive40(self, *, loans, database, as_json, **options):
        result = self._in_scratch(
            database,
            as_json,
            f"Building {loans:,} loans and ten years of month-end snapshots in a scratch database…",
            f"demo.bench.reporting import run; print(json.dumps(run({int(loans)})))",
        )
        if result:
            self.stdout.write(
                f"Directive 40 review on {result['database']}, {result['loans']:,} loans, "
                f"{result['groups']:,} groups, {result['wards']:,} wards, "
                f"{result['offices']:,} offices, {result['snapshot_rows']:,} snapshot rows "
                f"(snapshots {result['snapshot_seconds']} s, rollup {result['rollup_seconds']} s): "
                f"review of the whole portfolio {result['review_seconds']} s "
                f"(first {result['review_first_seconds']} s; target ≤ 3 s), of one office "
                f"{result['office_review_seconds']} s; peak {result['peak_rss_mb']} MB"
            )

    def _in_scratch(self, database, as_json, announce, code) -> dict | None:
        """Run ``from policycredit.<code>`` in a scratch database; print JSON or return the
        figures for a sentence."""
        if not as_json:
            self.stdout.write(announce)
        result = run_json(database, f"import json; from policycredit.{code}")
        if as_json:
            self.stdout.write(json.dumps(result))
            return None
        return result
