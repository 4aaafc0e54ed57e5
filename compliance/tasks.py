"""Celery entry points of compliance."""

from celery import shared_task


@shared_task
def check_terms_task() -> dict:
    from django.utils import timezone

    from compliance.sweep import terms_sweep

    return terms_sweep(now=timezone.now())
