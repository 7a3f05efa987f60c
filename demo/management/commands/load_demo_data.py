import argparse
import os
import time
from collections import Counter

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from audit.context import acting_as
from core.page_cache import replace_data_version
from core.text import is_ascii_number
from demo import deployments as deployments_demo
from demo import leaders
from demo import matching as matching_demo
from demo import portal as portal_demo
from deployments.models import Deployment
from directory.services import listing_rebuild
from roles.models import AlliancePartnership, Designation, Role, SystemLeader, TeachingSchoolAlliance


def positive_integer(value: str) -> int:
    if not is_ascii_number(value) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more (not {value!r})")
    return int(value)


class Command(BaseCommand):
    help = (
        "Load a fictional population of system leaders onto the schools already loaded (run load_reference_data "
        "first). Every person is marked as demo data and every page says the people are fictional."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=positive_integer,
            default=1,
            help="Multiply the people and designations, for benchmarks (a whole number, 1 or more; default 1).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the demo population already loaded (people, designations, alliances, deployments) first.",
        )

    def handle(self, *args, scale: int, replace: bool, **options):
        started = time.monotonic()
        if password := os.environ.get(portal_demo.PASSWORD_ENV, ""):
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError(
                    f"{portal_demo.PASSWORD_ENV} is not good enough: " + " ".join(error.messages)
                ) from error
        schools = leaders.DemoSchools()
        if not schools.all:
            raise CommandError("No schools are loaded. Run `manage.py load_reference_data` first.")
        plan = leaders.demo_plan(schools=schools, scale=scale)
        present = leaders.demo_present()
        if present["people"] and not replace:
            if leaders.demo_matches(plan) and deployments_demo.demo_deployments().exists():
                added_users = not portal_demo.demo_portal_users_present()
                if added_users:
                    # Loaded before demo teaching schools had portal users: add them.
                    with transaction.atomic(), acting_as(source="demo data", record=False):
                        portal_demo.demo_portal_users_load(today=timezone.localdate())
                    self.stdout.write(self.style.SUCCESS("Added portal users to the demo teaching schools."))
                if matching_demo.demo_matching_present():
                    if not added_users:
                        self.stdout.write(f"The demo data at scale {scale} is already loaded: nothing changed.")
                else:
                    # Loaded before matching was part of the demo data: add its capacities, flags and enquiries.
                    with transaction.atomic(), acting_as(source="demo data", record=False):
                        matching_demo.demo_matching_load(today=timezone.localdate(), scale=scale)
                        listing_rebuild()  # also makes the cached public pages, which show days free, fresh
                    self.stdout.write(self.style.SUCCESS(f"Added the demo matching data at scale {scale}."))
                if stale := leaders.demo_implausible_reviews().count():
                    self.stdout.write(
                        self.style.WARNING(
                            f"{stale:,} demo designations have review dates from an older version of the demo data "
                            "(due within a year of designation, or after it ended): run with --replace to make the "
                            "demo data again."
                        )
                    )
                if untrained := deployments_demo.demo_untrained_governance_reviews().count():
                    self.stdout.write(
                        self.style.WARNING(
                            f"{untrained:,} demo external reviews of governance are led by NLGs with no DfE training "
                            "recorded, from an older version of the demo data: run with --replace to make the demo "
                            "data again."
                        )
                    )
                self._write_summary()
                return
            if leaders.demo_matches(plan):
                # The people were loaded before deployments were part of the demo data: add their deployments.
                with transaction.atomic(), acting_as(source="demo data", record=False):
                    built = deployments_demo.demo_deployments_load(
                        today=timezone.localdate(), scale=scale, school_count=len(schools.all)
                    )
                    if not matching_demo.demo_matching_present():
                        matching_demo.demo_matching_load(today=timezone.localdate(), scale=scale)
                        listing_rebuild()
                    if not portal_demo.demo_portal_users_present():
                        portal_demo.demo_portal_users_load(today=timezone.localdate())
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Added {len(built.deployments):,} demo deployments to the demo data at scale {scale} "
                        f"in {time.monotonic() - started:.1f}s."
                    )
                )
                self._write_summary()
                return
            raise CommandError(
                f"Other demo data is loaded ({present['people']:,} people). "
                f"Run with --replace to delete it and load scale {scale}."
            )
        # The fictional population is not curated data: its thousands of rows are not written to the history.
        with transaction.atomic(), acting_as(source="demo data", record=False):
            if replace:
                # Enquiries keep their (fictional) leaders from deletion: they go first.
                matching_demo.demo_matching_delete()
                portal_demo.demo_portal_users_delete()
                deleted = leaders.demo_delete()
                self.stdout.write(
                    f"Deleted the demo data: {deleted['people']:,} people, {deleted['designations']:,} designations, "
                    f"{deleted['alliances']:,} alliances, {deleted['deployments']:,} deployments."
                )
            builder = leaders.DemoBuilder(schools=schools, plan=plan, today=timezone.localdate())
            leaders.demo_write(builder.build())
            # Deployments are built from the designations as saved.
            deployments_demo.demo_deployments_load(
                today=timezone.localdate(), scale=scale, school_count=len(schools.all)
            )
            matching_demo.demo_matching_load(today=timezone.localdate(), scale=scale)
            portal_demo.demo_portal_users_load(today=timezone.localdate())
            loaded = time.monotonic()
            # Bulk writes send no signals: the public directory's search listing is rebuilt in one go.
            listing_rebuild()
        # Every page, and whether demo data is loaded (pages.context_processors), afresh now it is committed.
        replace_data_version()
        finished = time.monotonic()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo data at scale {scale} in {loaded - started:.1f}s "
                f"(and rebuilt the directory listing in {finished - loaded:.1f}s)."
            )
        )
        self._write_summary()

    def _write_summary(self):
        counts = Counter()
        rows = Designation.objects.demo().with_status(timezone.localdate()).values("role_id", "status")
        for row in rows.annotate(count=Count("pk")).order_by():
            counts[row["role_id"], row["status"]] += row["count"]
            counts[None, row["status"]] += row["count"]
        statuses = list(Designation.Status)
        self.stdout.write(f"{'Role':<42}" + "".join(f"{status.label:>22}" for status in statuses))
        for code, name in [*Role.objects.values_list("code", "plural_name"), (None, "All designations")]:
            self.stdout.write(f"{name:<42}" + "".join(f"{counts[code, status]:>22,}" for status in statuses))
        self.stdout.write(
            f"People: {SystemLeader.objects.demo().count():,}. "
            f"Alliances: {TeachingSchoolAlliance.objects.demo().count():,}, "
            f"with {AlliancePartnership.objects.filter(alliance__is_demo=True).count():,} partner schools."
        )
        self.stdout.write(
            f"Matching: {matching_demo.demo_capacities().count():,} days-free records, "
            f"{matching_demo.demo_flags().raised().count():,} improvement-offer flags, "
            f"{matching_demo.demo_enquiries().count():,} enquiries."
        )
        self.stdout.write(
            f"Portal users: {portal_demo.demo_memberships().count():,} for the current demo teaching schools "
            "(example.org addresses, no password)."
        )
        self._write_demo_sign_in()
        deployments = deployments_demo.demo_deployments_summary()
        statuses = list(Deployment.Status)
        self.stdout.write(f"{'Deployments by role':<42}" + "".join(f"{status.label:>14}" for status in statuses))
        for code, name in [*Role.objects.values_list("code", "plural_name"), (None, "All deployments")]:
            if code is None or any(deployments[code, status] for status in statuses):
                self.stdout.write(f"{name:<42}" + "".join(f"{deployments[code, status]:>14,}" for status in statuses))

    def _write_demo_sign_in(self):
        """Only with a password given on purpose (never a default): set it on one demo portal user and say who."""
        password = os.environ.get(portal_demo.PASSWORD_ENV, "")
        user = portal_demo.demo_sign_in_user()
        if not user:
            return
        if not password:
            self.stdout.write(
                f"To sign in to the portal as a demo teaching school user, run this again with "
                f"{portal_demo.PASSWORD_ENV} set, or `manage.py changepassword {user.username}`."
            )
            return
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        self.stdout.write(
            f"Demo portal sign-in at /portal/sign-in/: {user.username}, with the password in "
            f"{portal_demo.PASSWORD_ENV}."
        )
