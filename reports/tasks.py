"""Celery entry points of reports."""

from celery import shared_task

from reports.exports import export_run_task  # noqa: F401 - the task's public name


@shared_task(name="reports.tasks.rollup_refresh_task")
def rollup_refresh_task() -> int:
    """Rebuild the settled months and this month's days of the case roll-up (beat: nightly)."""
    from reports.rollup import rollup_refresh

    return len(rollup_refresh())


@shared_task(name="reports.tasks.rollup_recent_task")
def rollup_recent_task() -> int:
    """Rebuild the days of the month up to yesterday (beat: every hour)."""
    from reports.rollup import rollup_recent

    return rollup_recent()


@shared_task(name="reports.tasks.attention_refresh_task")
def attention_refresh_task() -> int:
    """Rebuild the dashboard's "needs attention now" snapshot (beat: every two minutes)."""
    from reports.attention import attention_refresh

    return attention_refresh()


@shared_task(name="reports.tasks.management_report_draft_task")
def management_report_draft_task() -> int | None:
    """Draft last month's management report on the first business day (beat: daily)."""
    from reports.monthly import management_report_draft_due

    report = management_report_draft_due()
    return report.pk if report else None


@shared_task(name="reports.tasks.surveys_invite_task")
def surveys_invite_task() -> int:
    """Invite the citizens of recently closed cases to the satisfaction survey (beat)."""
    from reports.surveys import surveys_invite

    return surveys_invite()

