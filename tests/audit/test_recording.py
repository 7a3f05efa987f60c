"""What the history records: every field when a record is made, only what changed after, many-to-many additions and
removals by name, personal data noted but not copied, who and through what; and the writes that bypass saves
(bulk_create, QuerySet.update) recorded as saves would be."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from audit.context import AuditActorMiddleware, acting_as
from audit.models import ChangeRecord
from audit.recording import NOT_COPIED, record_bulk_created, update_recorded
from matching import dfe_match
from matching.models import DfeMatchRequest, Enquiry, Need
from roles.models import Designation, Specialism, SystemLeader
from schools.models import School
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.factories import SchoolFactory, SLEDesignationFactory, SystemLeaderFactory
from tests.matching.factories import make_enquiry
from tests.matching.test_ask import asking, spring_bank_staff  # noqa: F401  (fixtures)
from tests.matching.test_enquiries import submit

pytestmark = pytest.mark.django_db

ASKED = {"message": "Help", "contact_name": "Jo", "contact_role": "Head", "contact_email": "jo@example.org"}


def history(obj) -> list:
    return list(ChangeRecord.objects.for_object(obj).order_by("pk"))


def test_a_new_record_has_every_field_and_a_change_only_what_changed(curator):
    with acting_as(curator, source="admin", note="Typo"):
        leader = SystemLeaderFactory(first_name="Hanah", last_name="Carter")
        leader.first_name = "Hannah"
        leader.save()
        leader.save()  # nothing changed: nothing recorded
    created, changed = history(leader)
    assert created.action == "created" and created.changes["last_name"] == [None, "Carter"]
    assert "version" not in created.changes  # the version check's counter says nothing to a person
    assert changed.changes == {"first_name": ["Hanah", "Hannah"]}
    assert (changed.user, changed.source, changed.note) == (curator, "admin", "Typo")


def test_outside_a_request_or_command_the_source_is_system():
    leader = SystemLeaderFactory()
    [record] = history(leader)
    assert (record.user, record.source) == (None, "system")


@pytest.mark.parametrize(
    "path, signed_in, source",
    [("/ask-for-support/", False, "web"), ("/portal/invitation/", False, "portal"), ("/admin/roles/", True, "admin")],
)
def test_a_request_records_the_part_of_the_site_signed_in_or_not(rf, curator, path, signed_in, source):
    request = rf.post(path)
    request.user = curator if signed_in else AnonymousUser()
    leader = AuditActorMiddleware(lambda request: SystemLeaderFactory())(request)
    [record] = history(leader)
    assert (record.user, record.source) == (curator if signed_in else None, source)


def test_specialisms_added_and_removed_are_recorded_by_name():
    maths, english = Specialism.objects.get(slug="maths"), Specialism.objects.get(slug="english")
    designation = SLEDesignationFactory(specialisms=[maths])
    designation.specialisms.set([english])
    designation.specialisms.clear()
    changes = [record.changes for record in history(designation) if record.action == "changed"]
    assert changes == [
        {"specialisms added": [None, ["Maths"]]},
        {"specialisms removed": [["Maths"], None]},
        {"specialisms added": [None, ["English"]]},
        {"specialisms removed": [["English"], None]},  # clear() says what was there, not every specialism
    ]


def test_nothing_is_recorded_when_recording_is_off():
    with acting_as(source="demo data", record=False):
        leader = SystemLeaderFactory()
    assert history(leader) == []


def test_bulk_created_rows_are_recorded_as_saves_with_their_specialisms(curator):
    teaching_school = SchoolFactory()
    leader = SystemLeaderFactory()
    designation = SLEDesignationFactory.build(leader=leader, teaching_school=teaching_school)
    with acting_as(curator, source="import", note="sles.csv"):
        [designation] = Designation.objects.bulk_create([designation])
        maths = Specialism.objects.get(slug="maths")
        record_bulk_created([designation], m2m_added={designation: {"specialisms": [maths]}})
    created, specialisms = history(designation)
    assert (created.action, created.source, created.note, created.user) == ("created", "import", "sles.csv", curator)
    assert created.changes["teaching_school"] == [None, teaching_school.pk]
    assert specialisms.changes == {"specialisms added": [None, ["Maths"]]}


def test_a_queryset_update_is_recorded_row_by_row_for_the_rows_it_changes(curator):
    first, second, third = (SystemLeaderFactory(job_title=title) for title in ("Head", "Head", "Deputy"))
    with acting_as(curator, source="command", note="retitle"):
        count = update_recorded(SystemLeader.objects.filter(pk__in=[first.pk, second.pk, third.pk]), job_title="Head")
    assert count == 3
    for leader, expected in ((first, []), (second, []), (third, [{"job_title": ["Deputy", "Head"]}])):
        assert [record.changes for record in history(leader) if record.action == "changed"] == expected
    assert history(third)[-1].note == "retitle"


def test_an_enquirys_recipients_are_recorded_when_it_is_sent(world, asking):  # noqa: F811
    enquiry = submit(world, asking)
    recipient = enquiry.recipients.get()  # stored with bulk_create
    [record] = history(recipient)
    assert record.action == "created" and record.changes["enquiry"] == [None, enquiry.pk]


def test_deleting_contact_details_is_recorded_without_copying_them(settings):
    settings.ENQUIRY_CONTACT_RETENTION_DAYS = 30
    enquiry = make_enquiry("ENQ-OLDONE22").enquiry
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    school = SchoolFactory(ofsted_rating=School.OfstedRating.INADEQUATE)
    request, _ = dfe_match.dfe_match_request_submit(school=school, need=Need.GOVERNANCE, **ASKED)
    DfeMatchRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))

    call_command("delete_enquiry_contacts", stdout=StringIO())

    for obj in (enquiry, request):
        record = history(obj)[-1]
        assert (record.action, record.source, record.note) == ("changed", "command", "delete_enquiry_contacts")
        assert record.changes["contact_name"] == [NOT_COPIED, ""]
        assert record.changes["contacts_deleted_at"][0] is None


def test_a_dfe_match_request_closed_by_a_match_is_recorded(curator):
    school = SchoolFactory(ofsted_rating=School.OfstedRating.INADEQUATE)
    request, _ = dfe_match.dfe_match_request_submit(school=school, need=Need.GOVERNANCE, **ASKED)
    created = history(request)[0]
    assert created.changes["message"] == [None, NOT_COPIED]
    with acting_as(curator, source="admin"):
        assert dfe_match.dfe_match_requests_matched(school=school, deployment=None) == 1
    closed = history(request)[-1]
    assert closed.changes["status"] == ["open", "matched"] and closed.user == curator
