"""A job's page and its file. The page follows the job (it reloads itself while the job runs),
then offers the file or says what came of it; a job whose worker died can be run again from
it. Both answer 404 for a job the user may not see (another's, or a kind their role may no
longer take)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from policycredit.common.pages import SignedInView, page
from policycredit.jobs import kinds, liveness, selectors, services
from policycredit.jobs.models import LIVE, Status


class JobView(SignedInView):
    def get(self, request, pk):
        job = get_object_or_404(selectors.jobs_for(request.user), pk=pk)
        spec = kinds.get(job.kind)
        stale, file = liveness.is_stale(job), selectors.file_of(job)
        context = {
            "job": job,
            "label": spec.label,
            "counted": spec.counted,
            "percent": round(100 * job.done / job.total) if job.total else None,
            "following": job.status in LIVE and not stale,
            "stale": stale,
            "waiting_long": liveness.is_waiting_long(job),
            "file": file,
            "pruned": job.status == Status.DONE and bool(job.result_path) and file is None,
            "summary": spec.summary(job) if job.status in (Status.DONE, Status.REFUSED) else None,
            "back": spec.back(job),
        }
        title = spec.describe(job) or str(spec.label)
        return page(request, "jobs/job.html", context, title=title)

    def post(self, request, pk):
        """Run again a job whose worker died."""
        job = get_object_or_404(selectors.jobs_for(request.user), pk=pk)
        services.restart(actor=request.user, job=job)
        return redirect("jobs:job", pk=job.pk)


class JobFileView(SignedInView):
    def get(self, request, pk):
        job = get_object_or_404(selectors.jobs_for(request.user), pk=pk)
        path = selectors.file_of(job)
        if path is None:
            raise Http404(_("This file is no longer kept: run the job again."))
        return FileResponse(
            open(path, "rb"),  # FileResponse closes it once sent
            as_attachment=True,
            filename=job.download_name,
            content_type=job.content_type or "application/octet-stream",
        )
