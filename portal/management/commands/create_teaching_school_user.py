"""Create a teaching school's portal user without the admin:

    manage.py create_teaching_school_user --urn 100000 --email head@school.example

The password comes from --password, else the PORTAL_USER_PASSWORD environment variable, else a prompt. It must
pass the project's password validators."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from audit.context import acting_as
from portal.services import teaching_school_user_create
from schools.models import School

PASSWORD_ENV = "PORTAL_USER_PASSWORD"


class Command(BaseCommand):
    help = "Create a user who can sign in to the teaching school portal for one teaching school."

    def add_arguments(self, parser):
        parser.add_argument("--urn", type=int, required=True, help="The teaching school's URN")
        parser.add_argument("--email", required=True, help="The user's email address, also their username")
        parser.add_argument("--password", help=f"The password (else ${PASSWORD_ENV}, else a prompt)")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="Never prompt")

    def handle(self, *args, urn, email, password, interactive, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(
                f"Enter an email address in the correct format, like name@example.com ({email!r})"
            ) from error
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise CommandError(f"No school has the URN {urn}")
        user_model = get_user_model()
        if (
            user_model.objects.filter(username__iexact=email).exists()
            or user_model.objects.filter(email__iexact=email).exists()
        ):
            raise CommandError(f"A user with the email address {email} already exists")

        password = password or os.environ.get(PASSWORD_ENV) or (self._prompt() if interactive else "")
        if not password:
            raise CommandError(f"Give a password with --password or ${PASSWORD_ENV}")
        try:
            validate_password(password, user_model(username=email, email=email))
        except ValidationError as error:
            raise CommandError("The password is not good enough: " + " ".join(error.messages)) from error

        try:
            with acting_as(None, source="command", note="create_teaching_school_user"):
                user = teaching_school_user_create(school=school, email=email, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Created {user.username}, who can sign in to the portal for {school.name}")
        )

    def _prompt(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match")
        return first
