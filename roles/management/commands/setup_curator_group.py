from django.core.management.base import BaseCommand

from roles.curators import CURATOR_GROUP_NAME, curator_group_setup


class Command(BaseCommand):
    help = f'Create the "{CURATOR_GROUP_NAME}" group, or bring its permissions back in step (safe to re-run).'

    def handle(self, *args, **options):
        group, added, removed = curator_group_setup()
        self.stdout.write(
            f'"{group.name}": {group.permissions.count()} permissions ({len(added)} added, {len(removed)} removed).'
        )
        for name in sorted(added):
            self.stdout.write(f"  + {name}")
        for name in sorted(removed):
            self.stdout.write(f"  - {name}")
