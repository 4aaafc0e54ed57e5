"""Celery entry points of responses: thin wrappers over services."""

from celery import shared_task

from responses import services
from responses.services.sspd import expediente_build_task, expedientes_retry_task

__all__ = ["expediente_build_task", "expedientes_retry_task", "notifications_sweep_task"]


@shared_task(name="responses.tasks.notifications_sweep_task")
def notifications_sweep_task() -> dict:
    """Complete due avisos/publications, flag late citations, close expired windows."""
    return services.notifications_sweep()
