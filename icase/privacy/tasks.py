"""Building a member's data download in the background (Django's task API: the worker in
production, straight away in development and tests), then telling them it is ready."""

import logging

from django_tasks import task

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from icase.mail import send_email

from .export import build_archive
from .models import DataExport

logger = logging.getLogger(__name__)


@task()
def build_data_export(export_id):
    export = DataExport.objects.select_related("user").filter(pk=export_id, status=DataExport.PENDING).first()
    if export is None:
        return
    try:
        content = build_archive(export.user)
        export.file.save(f"icase-data-{export.token}.zip", ContentFile(content), save=False)
        export.status = DataExport.READY
        export.ready_at = timezone.now()
        export.save(update_fields=["file", "status", "ready_at"])
    except Exception:
        logger.exception("Data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(status=DataExport.FAILED)
        return
    try:
        send_email(
            export.user.email,
            "ICASE: your data is ready to download",
            "email/privacy/export_ready.txt",
            {"expires_at": export.expires_at},
            reason="you asked for a copy of your data on ICASE.",
            settings_path=reverse("privacy:your_data"),
            settings_label="Your data and account",
        )
    except Exception:  # the download is on the page anyway
        logger.exception("Could not email that data export %s is ready", export_id)


@task()
def apply_retention_rules():
    from .retention import apply_retention

    removed = apply_retention()
    logger.info("Retention: %s", ", ".join(f"{count} {what}" for what, count in removed.items()))
