"""Settings for the test suite: demo mode, fast password hashing."""

import os

os.environ["POLICYCREDIT_MODE"] = "demo"

from policycredit.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import tempfile  # noqa: E402

# Uploads the import pages stage during the tests: not in the working tree.
STAGING_ROOT = Path(tempfile.gettempdir()) / "policycredit-test-staging"  # noqa: F405
