"""Celery entry points of compliance."""

from celery import shared_task


@shared_task
def check_terms_task() -> dict:
    from django.utils import timezone

    from compliance.sweep import terms_sweep

    return terms_sweep(now=timezone.now())


@shared_task
def quality_daily_task() -> dict:
    from django.utils import timezone

    from compliance.services.actions import reminders_send
    from compliance.services.repetition import repetitions_check

    today = timezone.localdate()
    raised = repetitions_check(day=today)
    return {"repetitive": len(raised), "reminders": reminders_send(today=today)}
