import json

from django.core.management.base import BaseCommand

from policycredit.domain import bench


class Command(BaseCommand):
    help = "Benchmarks that print their figures (speed targets live here, not in tests)."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=["engine"])
        parser.add_argument("--loans", type=int, default=1000)
        parser.add_argument("--json", action="store_true", dest="as_json", help="JSON only")

    def handle(self, *args, name, loans, as_json=False, **options):
        result = bench.engine(loans)
        if as_json:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"engine: {result['loans']:,} loans of {result['events_per_loan']} events "
                f"in {result['seconds']:.3f} s"
            )
