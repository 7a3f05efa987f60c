"""Portal users for the demo population's teaching schools, so that enquiries to a demo teaching school (or to one
of its SLEs) reach someone: one or two fictional staff per current demo teaching school, with example.org
addresses (RFC 2606: never delivered) and unusable passwords. Nobody can sign in as one until a password is set
on purpose: `DEMO_PORTAL_PASSWORD=… manage.py load_demo_data` sets it on one of them and says which.

Built from one seeded random.Random over the teaching schools in URN order, so the same population gives the same
users; written in bulk (no password hashing)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from demo.leaders import FIRST_NAMES, LAST_NAMES
from roles.models import Designation, Role, TeachingSchoolMembership

SEED = "20260901:portal"
PASSWORD_ENV = "DEMO_PORTAL_PASSWORD"
EMAIL_DOMAIN = "example.org"


def demo_memberships():
    return TeachingSchoolMembership.objects.filter(is_demo=True)


def demo_portal_users_present() -> bool:
    return demo_memberships().exists()


@transaction.atomic
def demo_portal_users_delete() -> int:
    """Delete the demo portal users (their memberships go with them)."""
    user_ids = list(demo_memberships().values_list("user_id", flat=True))
    get_user_model().objects.filter(pk__in=user_ids).delete()
    return len(user_ids)


@transaction.atomic
def demo_portal_users_load(*, today: datetime.date) -> list[TeachingSchoolMembership]:
    """One or two users for each demo teaching school that is current today (only those can have portal users)."""
    rng = random.Random(SEED)
    schools = (
        Designation.objects.demo()
        .of_role(Role.Code.TEACHING_SCHOOL)
        .current(today)
        .order_by("school__urn")
        .values_list("school_id", "school__urn")
    )
    user_model = get_user_model()
    taken = set(user_model.objects.filter(username__iendswith=f"@{EMAIL_DOMAIN}").values_list("username", flat=True))
    unusable = make_password(None)  # "!" and random characters: no password matches it
    users, school_ids = [], []
    for school_id, urn in schools:
        for _ in range(rng.choice([1, 1, 2])):
            first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first_name}.{last_name}.{urn}@{EMAIL_DOMAIN}".lower()
            if email in taken:
                continue
            taken.add(email)
            users.append(
                user_model(
                    username=email,
                    email=email,
                    first_name=first_name,
                    last_name=last_name,
                    password=unusable,
                    is_staff=False,
                    is_superuser=False,
                )
            )
            school_ids.append(school_id)
    user_model.objects.bulk_create(users, batch_size=1000)
    # bulk_create sets primary keys on PostgreSQL and SQLite alike.
    memberships = [
        TeachingSchoolMembership(user_id=user.pk, school_id=school_id, is_demo=True)
        for user, school_id in zip(users, school_ids, strict=True)
    ]
    return TeachingSchoolMembership.objects.bulk_create(memberships, batch_size=1000)


def demo_sign_in_user():
    """The demo portal user whose password DEMO_PORTAL_PASSWORD sets: the first, by teaching school URN."""
    membership = demo_memberships().select_related("user", "school").order_by("school__urn", "user__username").first()
    return membership.user if membership else None
