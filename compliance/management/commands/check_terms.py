from django.core.management.base import BaseCommand
from django.utils import timezone

from compliance.sweep import terms_sweep


class Command(BaseCommand):
    help = "Revisa los términos legales (la misma lógica que la tarea de Celery beat)."

    def handle(self, *args, **options):
        result = terms_sweep(now=timezone.now())
        self.stdout.write(f"check_terms: {result}")
