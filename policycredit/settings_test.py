"""Settings for the test suite: demo mode, fast password hashing."""

import os

os.environ["POLICYCREDIT_MODE"] = "demo"

from policycredit.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
