"""The `policycredit` console command: Django's management commands under one name.

`policycredit demo`, `policycredit migrate`, `policycredit runserver` ... are the same commands
`django-admin` would run, with the project's settings already chosen.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policycredit.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["policycredit", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
