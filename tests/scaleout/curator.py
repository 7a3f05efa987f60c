"""What a curator (or a school) does, run in a process of its own against the two servers' database and Redis, with
the production settings (`python -m tests.scaleout.curator <command> [argument]`; prints JSON). A change made here
reaches the servers only through the shared database and cache, as a change made through another server would."""

import datetime
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_directory.settings.production")
django.setup()

from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.models import Listing  # noqa: E402
from matching import enquiries, selectors  # noqa: E402
from matching.models import Enquiry, EnquiryRecipient  # noqa: E402
from roles import services as role_services  # noqa: E402
from roles.models import Role, SystemLeader  # noqa: E402
from schools.models import School  # noqa: E402

NEED = "leadership"


def facts() -> dict:
    """A leader to rename (the first of the list), the open programme with the fewest current designations (to
    close), and an enquiry a school can make through the site."""
    listing = Listing.objects.filter(kind=Listing.Kind.LEADER).order_by("sort_name", "pk").first()
    role = (
        Role.objects.exclude(programme=Role.Programme.CLOSED)
        .annotate(current=Count("designations", filter=Q(designations__in=_current_designations())))
        .filter(current__gt=0)
        .order_by("current", "code")
        .first()
    )
    school, key = _school_and_recipient()
    return {
        "leader": listing.leader_id,
        "leader_name": str(SystemLeader.objects.get(pk=listing.leader_id)),
        "role": role.code,
        "role_name": role.plural_name,
        "enquiry_url": f"/ask-for-support/enquiry/?urn={school.urn}&need={NEED}&to={key}",
    }


def _current_designations():
    from roles.models import Designation

    return Designation.objects.current().values("pk")


def _school_and_recipient() -> tuple[School, str]:
    for school in School.objects.open().filter(local_authority__isnull=False).order_by("urn")[:200]:
        for entry in selectors.shortlist(school=school, need=NEED).entries:
            key = enquiries.recipient_key(entry.listing)
            try:
                enquiries.offered_recipients(school=school, need=NEED, specialism=None, keys=[key])
            except enquiries.RecipientProblem:
                continue
            return school, key
    raise SystemExit("no school with a leader to ask about leadership")


def rename(leader_id: str) -> dict:
    """A curator corrects a leader's name (as the admin saves it)."""
    leader = SystemLeader.objects.get(pk=int(leader_id))
    leader.first_name, leader.last_name = "Renamed", "Scaleout-Check"
    leader.full_clean()
    leader.save()
    return {"leader_name": str(leader)}


def close(role_code: str) -> dict:
    """A curator closes a programme today: its designations end and its filter option is tagged as closed."""
    ended = role_services.programme_close(role=Role.objects.get(pk=role_code), closed_on=timezone.localdate())
    return {"ended": ended}


def queue(count: str) -> dict:
    """Schools send `count` enquiries while email cannot be sent (this process's SMTP port is closed): they wait,
    queued, and are made due for `send_enquiries` now."""
    school, key = _school_and_recipient()
    [(_, route)] = enquiries.offered_recipients(school=school, need=NEED, specialism=None, keys=[key])
    for n in range(int(count)):
        enquiries.enquiry_submit(
            school=school,
            need=NEED,
            routes=[route],
            contact_name=f"Queued {n}",
            contact_email=f"queued{n}@school.example",
            message="Please get in touch.",
        )
    past = timezone.now() - datetime.timedelta(hours=1)
    Enquiry.objects.filter(contact_name__startswith="Queued ").update(created_at=past)
    EnquiryRecipient.objects.to_send().filter(enquiry__contact_name__startswith="Queued ").update(last_attempt_at=past)
    return sent()


def sent() -> dict:
    recipients = EnquiryRecipient.objects.filter(enquiry__contact_name__startswith="Queued ")
    return {
        "recipients_queued": recipients.to_send().count(),
        "recipients_sent": recipients.filter(delivery_status="sent").count(),
        "recipients_attempts": sorted(set(recipients.values_list("delivery_attempts", flat=True))),
        "requesters_notified": Enquiry.objects.filter(
            contact_name__startswith="Queued ", requester_notified_at__isnull=False
        ).count(),
    }


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    print(
        json.dumps(
            {"facts": facts, "rename": rename, "close": close, "queue": queue, "sent": sent}[command](*arguments)
        )
    )
