"""A long piece of work started from a page and done by the worker (`policycredit db_worker`):
a printed file, a report's export, the close of several days. What it is (`kind`) names an
entry of the registry the higher apps fill (`jobs.kinds`); the row says how far it got and,
once done, where its file is or what came of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("failed")


LIVE = (Status.QUEUED, Status.RUNNING)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    # The worker speaks the starter's language: the file's headings and the messages.
    language = models.CharField(_("language"), max_length=8, default="vi")
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("of"), default=0)
    result_path = models.CharField(_("result file"), max_length=500, blank=True)
    download_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    outcome = models.JSONField(_("outcome"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(_("taken by the worker"), null=True, blank=True)
    moved_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"], name="job_kind_status_idx")]

    def __str__(self):
        return f"{self.kind} #{self.pk}"
