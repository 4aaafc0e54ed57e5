"""Celery entry points of reports."""

from celery import shared_task


@shared_task(name="reports.tasks.rollup_refresh_task")
def rollup_refresh_task() -> int:
    """Rebuild the settled months of the case roll-up (beat: every night)."""
    from reports.rollup import rollup_refresh

    return len(rollup_refresh())


@shared_task(name="reports.tasks.attention_refresh_task")
def attention_refresh_task() -> int:
    """Rebuild the dashboard's "needs attention now" snapshot (beat: every two minutes)."""
    from reports.attention import attention_refresh

    return attention_refresh()
