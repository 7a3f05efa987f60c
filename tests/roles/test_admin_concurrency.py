"""Two curators editing one record: a save made from a form opened before someone else's save is refused with a
message, and the first curator's change stays. In turn with the test client, and at the same instant against the
live server on PostgreSQL."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.admin_concurrency import OPENED_VERSION
from audit.context import acting_as
from audit.models import ChangeRecord
from roles import services
from roles.models import Designation, SystemLeader, TeachingSchoolAlliance
from tests.admin_pages import form_data
from tests.concurrency import at_once, requires_postgresql, signed_in_session
from tests.factories import DesignationFactory, TeachingSchoolAllianceFactory
from tests.roles.factories import CuratorFactory

STALE = "after you opened it. Your changes were not saved. Reload to see theirs."


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def opened(client, obj) -> dict:
    """The change form as the curator's browser holds it once the page has loaded."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    data = form_data(response)
    # In the page as a hidden input, for the browser to send back.
    assert f'<input type="hidden" name="{OPENED_VERSION}" value="{data[OPENED_VERSION]}"' in response.content.decode()
    return data


def errors(response) -> str:
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.fixture
def two_curators(db):
    first, second = Client(), Client()
    first.force_login(CuratorFactory())
    second.force_login(CuratorFactory())
    return first, second


@pytest.mark.django_db
def test_the_second_of_two_saves_from_forms_opened_together_is_refused(two_curators):
    first, second = two_curators
    designation = DesignationFactory(review_due=datetime.date(2027, 9, 1))
    form_first, form_second = opened(first, designation), opened(second, designation)

    form_first["review_due"] = "2028-01-31"
    assert first.post(change_url(designation), form_first).status_code == 302
    form_second["designated_on"] = "2022-10-03"
    response = second.post(change_url(designation), form_second)

    assert response.status_code == 200
    message = errors(response)
    assert re.fullmatch(rf"Someone else changed this designation at \d\d:\d\d {re.escape(STALE)}", message)
    designation.refresh_from_db()
    assert (designation.review_due, designation.designated_on) == (
        datetime.date(2028, 1, 31),
        datetime.date(2022, 9, 1),
    )
    # The refused curator's own values are still on the page, for them to copy after reloading.
    assert 'value="2022-10-03"' in response.content.decode()
    # Reloading gives a form that saves.
    form_again = opened(second, designation)
    form_again["designated_on"] = "2022-10-03"
    assert second.post(change_url(designation), form_again).status_code == 302
    designation.refresh_from_db()
    assert (designation.review_due, designation.designated_on) == (
        datetime.date(2028, 1, 31),
        datetime.date(2022, 10, 3),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "field", "first_value", "second_value"),
    [
        (lambda: DesignationFactory().leader, "job_title", "Executive headteacher", "Principal"),
        (lambda: TeachingSchoolAllianceFactory(), "name", "Harbour Alliance", "Quay Alliance"),
    ],
    ids=["system leader", "alliance"],
)
def test_every_record_a_curator_edits_refuses_a_stale_form(two_curators, make, field, first_value, second_value):
    first, second = two_curators
    obj = make()
    form_first, form_second = opened(first, obj), opened(second, obj)

    assert first.post(change_url(obj), {**form_first, field: first_value}).status_code == 302
    response = second.post(change_url(obj), {**form_second, field: second_value})

    assert response.status_code == 200
    assert STALE in errors(response)
    obj.refresh_from_db()
    assert getattr(obj, field) == first_value


def support_flag():
    from schools.services import support_flag_raise
    from tests.factories import SchoolFactory

    return support_flag_raise(school=SchoolFactory(), reason="New head, falling results", flagged_by=None)


def capacity():
    from django.utils import timezone

    from core.terms import term_containing
    from roles.services import capacity_record
    from tests.factories import SystemLeaderFactory

    term = term_containing(timezone.localdate())
    return capacity_record(leader=SystemLeaderFactory(), term_starts_on=term.starts_on, days_free="6")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "field", "first_value", "second_value"),
    [(support_flag, "cleared_on", "today", "today"), (capacity, "days_free", "2.0", "4.0")],
    ids=["support flag", "capacity"],
)
def test_support_flags_and_capacities_refuse_a_stale_form(two_curators, make, field, first_value, second_value):
    from django.utils import timezone

    first, second = two_curators
    obj = make()
    form_first, form_second = opened(first, obj), opened(second, obj)
    today = timezone.localdate().isoformat()
    first_value, second_value = (today if value == "today" else value for value in (first_value, second_value))

    assert first.post(change_url(obj), {**form_first, field: first_value}).status_code == 302
    response = second.post(change_url(obj), {**form_second, field: second_value})

    assert response.status_code == 200
    assert STALE in errors(response)
    obj.refresh_from_db()
    assert str(getattr(obj, field)) == first_value
    assert obj.version == int(form_first[OPENED_VERSION]) + 1


@pytest.mark.django_db
def test_a_form_opened_before_a_designation_was_paused_is_refused(two_curators, curator):
    first, _ = two_curators
    designation = DesignationFactory()
    form = opened(first, designation)

    with acting_as(curator, source="admin"):
        services.designation_pause(designation=designation, paused_on=datetime.date(2025, 1, 6), reason="On leave")
    response = first.post(change_url(designation), {**form, "review_due": "2028-01-31"})

    assert STALE in errors(response)
    designation.refresh_from_db()
    assert (designation.paused_on, designation.review_due) == (datetime.date(2025, 1, 6), datetime.date(2027, 9, 1))


@pytest.mark.django_db
def test_a_form_opened_before_the_specialisms_changed_is_refused(two_curators):
    from tests.factories import SLEDesignationFactory

    first, _ = two_curators
    designation = SLEDesignationFactory()
    form = opened(first, designation)
    english = designation.specialisms.model.objects.get(slug="english")

    services.designation_set_specialisms(designation=designation, specialisms=[english])
    response = first.post(change_url(designation), {**form, "review_due": "2028-01-31"})

    assert STALE in errors(response)
    assert list(designation.specialisms.values_list("slug", flat=True)) == ["english"]


@pytest.mark.django_db
def test_every_save_moves_the_version_and_the_history_does_not_mention_it(curator):
    designation = DesignationFactory()
    assert designation.version == 1
    with acting_as(curator, source="admin"):
        services.designation_renew(designation=designation, review_due=datetime.date(2028, 9, 1))
        services.designation_end(designation=designation, ended_on=datetime.date(2025, 1, 1), reason="stepped_down")
    designation.refresh_from_db()
    assert designation.version == 3
    assert not any("version" in record.changes for record in ChangeRecord.objects.for_object(designation))


@pytest.mark.django_db
def test_a_form_posted_without_the_opened_version_is_not_checked(two_curators):
    """Only the admin's own page carries the version; a save without it is the admin as it was (last save wins)."""
    first, _ = two_curators
    designation = DesignationFactory()
    form = opened(first, designation)
    del form[OPENED_VERSION]
    services.designation_renew(designation=designation, review_due=datetime.date(2028, 9, 1))
    assert first.post(change_url(designation), {**form, "designated_on": "2022-10-03"}).status_code == 302


@pytest.mark.django_db
def test_a_view_only_user_sees_no_version_field(client):
    user = get_user_model().objects.create_user("viewer", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.set(Permission.objects.filter(codename__in=["view_designation", "view_role"]))
    client.force_login(user)
    designation = DesignationFactory()
    content = client.get(change_url(designation)).content.decode()
    assert OPENED_VERSION not in content
    assert "Opened version" not in content


# At the same instant, on PostgreSQL


@pytest.mark.django_db(transaction=True)
@requires_postgresql
@pytest.mark.parametrize("model", [Designation, SystemLeader, TeachingSchoolAlliance])
def test_two_saves_landing_at_once_one_wins_and_the_other_is_told(live_server, model):
    curators = [
        get_user_model().objects.create_superuser(f"curator{n}", f"curator{n}@education.gov.uk") for n in range(2)
    ]
    designation = DesignationFactory(review_due=datetime.date(2027, 9, 1))
    obj = {
        Designation: designation,
        SystemLeader: designation.leader,
        TeachingSchoolAlliance: TeachingSchoolAllianceFactory(),
    }[model]
    field, values = {
        Designation: ("review_due", ["2028-01-31", "2029-01-31"]),
        SystemLeader: ("job_title", ["Executive headteacher", "Principal"]),
        TeachingSchoolAlliance: ("name", ["Harbour Alliance", "Quay Alliance"]),
    }[model]
    reader = Client()
    reader.force_login(curators[0])
    form = opened(reader, obj)
    sessions = [signed_in_session(live_server, curator) for curator in curators]
    path = change_url(obj)

    responses = at_once(
        [
            lambda s=session, v=value: s.post(path, {**form, field: v})
            for session, value in zip(sessions, values, strict=True)
        ]
    )

    statuses = sorted(response.status for response in responses)
    assert statuses == [200, 302], [response.text[:500] for response in responses]
    winner = next(n for n, response in enumerate(responses) if response.status == 302)
    loser = responses[1 - winner]
    assert "Someone else changed this" in loser.text
    obj.refresh_from_db()
    assert str(getattr(obj, field)) == values[winner]
    assert obj.version == form_version(form) + 1


def form_version(form) -> int:
    return int(form[OPENED_VERSION])
