"""The barriers register's daily work, queued by `run_scheduler`."""

from django_tasks import task

from . import services


@task()
def barrier_daily_jobs():
    """Make long-quiet barriers dormant, then remind raisers whose progress update is due."""
    dormant = services.mark_dormant()
    reminded = services.send_update_reminders()
    return {"dormant": dormant, "reminded": reminded}
