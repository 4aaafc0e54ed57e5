"""Celery entry points of responses: thin wrappers over services."""

from celery import shared_task

from responses import services


@shared_task(name="responses.tasks.notifications_sweep_task")
def notifications_sweep_task() -> dict:
    """Complete due avisos/publications, flag late citations, close expired windows."""
    return services.notifications_sweep()
