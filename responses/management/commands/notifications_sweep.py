from django.core.management.base import BaseCommand

from responses import services


class Command(BaseCommand):
    help = ("Completa avisos y publicaciones cuyo término se cumplió, marca citaciones tardías "
            "y cierra los casos cuyo plazo para recurrir venció.")

    def handle(self, *args, **options):
        result = services.notifications_sweep()
        self.stdout.write(f"completed={result['completed']} flagged={result['flagged']} "
                          f"closed={result['closed']}")
