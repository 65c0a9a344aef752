"""``policycredit serve``: the production web server (gunicorn) with the project's settings
(`web/gunicorn_conf.py`: bind 127.0.0.1:8000 behind nginx, 2 × cores + 1 workers). Run
``policycredit collectstatic --noinput`` and ``policycredit migrate`` after each upgrade first."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve PolicyCredit in production with gunicorn (see deploy/ and the README)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=None, help="host:port (default 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=None)

    def handle(self, *args, bind, workers, **options):
        if settings.DEBUG or settings.DEMO:  # the demo's debug is off now, its key still public
            raise CommandError(
                "serve is for production settings (debug off): unset POLICYCREDIT_MODE=demo, or "
                "use `make run` for the demo."
            )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:policycredit.web.gunicorn_conf",
        ]
        if bind:
            command += ["--bind", bind]
        if workers:
            command += ["--workers", str(workers)]
        sys.stdout.flush()
        os.execv(sys.executable, command)  # gunicorn takes over this process (signals, pid)
