"""The API's tables: the tokens other clients send, and the throttles' counters.

A token is django-rest-knox's (only a digest of it is stored; the token itself is shown once),
with what its owner needs to tell tokens apart: the name they gave it and when it was last used.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class ApiToken(AbstractAuthToken):
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the program using it.")
    )
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        # Never the digest: the audit log keeps this text.
        return f"{self.name} ({self.token_key[:8]}…)"


class ThrottleEntry(models.Model):
    """The table Django's DatabaseCache writes (settings.CACHES["api"]): the throttles count
    requests here, so every server process counts the same ones. Made by a migration rather
    than `createcachetable`, so `migrate` alone sets an installation up and the application's
    database role is granted it like every other table (common/dbroles.py)."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "api_throttle"
        verbose_name = _("API throttle counter")

    def __str__(self):
        return self.cache_key
