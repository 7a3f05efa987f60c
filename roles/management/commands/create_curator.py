"""Create a DfE curator: a staff user in the "DfE curator" group. There are no default accounts; the first curator
is made with this command, and curators make the rest in the admin."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from roles.curators import CURATOR_GROUP_NAME, curator_group_setup


class Command(BaseCommand):
    help = (
        f'Create a staff user in the "{CURATOR_GROUP_NAME}" group, signing in with their email address. The password '
        "comes from --password, else CURATOR_PASSWORD, else a prompt; Django's password validators must accept it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The curator's email address, also their username")
        parser.add_argument("--password", help="Prefer CURATOR_PASSWORD: a password on the command line is visible")
        parser.add_argument("--superuser", action="store_true", help="Also a superuser (all permissions)")

    def handle(self, *args, email, password, superuser, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Enter a valid email address, not {email!r}") from error
        User = get_user_model()
        if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"There is already a user with the email address {email}")

        password = password or os.environ.get("CURATOR_PASSWORD") or self.prompt_for_password()
        user = User(username=email, email=email, is_staff=True, is_superuser=superuser)
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise CommandError("The password is not allowed: " + " ".join(error.messages)) from error

        with transaction.atomic():
            user.set_password(password)
            user.full_clean()
            user.save()
            group, _, _ = curator_group_setup()
            user.groups.add(group)
        kind = "Superuser and curator" if superuser else "Curator"
        self.stdout.write(f'{kind} {email} created, in the "{group.name}" group.')

    def prompt_for_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("Give a password with --password or CURATOR_PASSWORD")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match")
        return password
