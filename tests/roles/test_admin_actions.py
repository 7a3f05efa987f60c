"""Renew, pause, resume and end: the services, and the admin's actions and buttons with their intermediate pages."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeRecord
from roles import services
from roles.models import Designation
from tests.factories import DesignationFactory, SystemLeaderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHANGELIST = reverse("admin:roles_designation_changelist")


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def current(**values) -> Designation:
    return DesignationFactory(**{"designated_on": days(-400), "review_due": days(400), **values})


def ended() -> Designation:
    return current(ended_on=days(-1), end_reason=Designation.EndReason.STEPPED_DOWN)


def paused() -> Designation:
    return current(paused_on=days(-10), pause_reason="On leave")


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# The services


def test_pause_and_resume():
    designation = current()
    services.designation_pause(designation=designation, paused_on=TODAY, reason=" Seconded ")
    designation.refresh_from_db()
    assert (designation.paused_on, designation.pause_reason) == (TODAY, "Seconded")
    assert designation.status_on(TODAY) == Designation.Status.PAUSED
    assert Designation.objects.paused().filter(pk=designation.pk).exists()

    services.designation_resume(designation=designation)
    designation.refresh_from_db()
    assert (designation.paused_on, designation.pause_reason) == (None, "")
    assert designation.status_on(TODAY) == Designation.Status.CURRENT


@pytest.mark.parametrize(
    "make, paused_on, reason, message",
    [
        (paused, TODAY, "Again", "This designation is already paused, since"),
        (ended, TODAY, "Gone", "ended on"),
        (current, days(-500), "Too early", "it cannot be paused before then"),
        (current, TODAY, "  ", "Enter why the designation is paused"),
    ],
)
def test_pause_refuses(make, paused_on, reason, message):
    designation = make()
    before = (designation.paused_on, designation.pause_reason)
    with pytest.raises(ValidationError) as raised:
        services.designation_pause(designation=designation, paused_on=paused_on, reason=reason)
    assert message in " ".join(raised.value.messages)
    designation.refresh_from_db()
    assert (designation.paused_on, designation.pause_reason) == before


def test_pause_a_designation_that_ends_later():
    designation = current(ended_on=days(100), end_reason=Designation.EndReason.STEPPED_DOWN)
    services.designation_pause(designation=designation, paused_on=TODAY, reason="Leave")
    with pytest.raises(ValidationError):
        services.designation_pause(
            designation=current(ended_on=days(5), end_reason="lapsed"), paused_on=days(5), reason="x"
        )


def test_resume_refuses_what_is_not_paused_or_has_ended():
    with pytest.raises(ValidationError, match="not paused"):
        services.designation_resume(designation=current())
    designation = current(
        paused_on=days(-10), pause_reason="Leave", ended_on=days(-1), end_reason=Designation.EndReason.LAPSED
    )
    with pytest.raises(ValidationError, match="cannot be resumed"):
        services.designation_resume(designation=designation)


def test_pause_and_resume_are_recorded_row_by_row():
    designation = current()
    services.designation_pause(designation=designation, paused_on=TODAY, reason="Leave")
    services.designation_resume(designation=designation)
    records = list(ChangeRecord.objects.for_object(designation).order_by("pk"))
    assert [record.changes.get("paused_on") for record in records[1:]] == [
        [None, TODAY.isoformat()],
        [TODAY.isoformat(), None],
    ]


# Bulk actions from the list


def bulk(client, action: str, designations, **form):
    data = {"action": action, "_selected_action": [designation.pk for designation in designations], **form}
    return client.post(CHANGELIST, data)


def test_pause_selected_asks_for_the_date_and_reason_then_pauses_each(curator_client, curator):
    first, second, already = current(), current(), paused()

    page = bulk(curator_client, "pause_selected", [first, second, already], index=0)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Pause designations" in content
    assert 'name="reason"' in content
    assert content.count('name="_selected_action"') == 3
    assert Designation.objects.paused().count() == 1  # nothing changed yet

    response = bulk(
        curator_client,
        "pause_selected",
        [first, second, already],
        apply="yes",
        paused_on=TODAY.isoformat(),
        reason="Seconded to DfE",
    )
    assert response.status_code == 302
    for designation in (first, second):
        designation.refresh_from_db()
        assert (designation.paused_on, designation.pause_reason) == (TODAY, "Seconded to DfE")
        record = ChangeRecord.objects.for_object(designation).latest("pk")
        assert (record.user, record.source, record.note) == (curator, "admin", "Pause (3 selected)")
    already.refresh_from_db()
    assert already.pause_reason == "On leave"
    texts = message_texts(response)
    assert any(text.startswith("Paused 2 designations") for text in texts)
    assert any(text.startswith(f"Not paused: {already}") and "already paused" in text for text in texts)


def test_the_intermediate_page_shows_errors_and_changes_nothing(curator_client):
    designation = current()
    response = bulk(curator_client, "pause_selected", [designation], apply="yes", paused_on="31/02/2026", reason="")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter the date paused as a real date" in content
    assert "Enter why the designation is paused" in content
    designation.refresh_from_db()
    assert designation.paused_on is None


def test_renew_selected(curator_client):
    first, gone = current(), ended()
    new_review = days(1000)
    response = bulk(curator_client, "renew_selected", [first, gone], apply="yes", review_due=new_review.isoformat())
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.review_due == new_review
    texts = message_texts(response)
    assert "Renewed 1 designation" in texts[0]
    assert any("has ended: it cannot be renewed" in text for text in texts)


def test_resume_selected(curator_client):
    designations = [paused(), paused()]
    assert bulk(curator_client, "resume_selected", designations, index=0).status_code == 200
    response = bulk(curator_client, "resume_selected", designations, apply="yes")
    assert response.status_code == 302
    assert not Designation.objects.filter(paused_on__isnull=False).exists()


def test_end_selected(curator_client, curator):
    designations = [current(), current()]
    response = bulk(
        curator_client, "end_selected", designations, apply="yes", ended_on=TODAY.isoformat(), reason="stepped_down"
    )
    assert response.status_code == 302
    for designation in designations:
        designation.refresh_from_db()
        assert (designation.ended_on, designation.end_reason) == (TODAY, Designation.EndReason.STEPPED_DOWN)
        assert ChangeRecord.objects.for_object(designation).latest("pk").user == curator


def test_end_cannot_claim_the_programme_closed(curator_client):
    designation = current()
    response = bulk(
        curator_client,
        "end_selected",
        [designation],
        apply="yes",
        ended_on=TODAY.isoformat(),
        reason="programme_closed",
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_too_many_selected_is_refused(curator_client, monkeypatch):
    monkeypatch.setattr("roles.admin.MAX_SELECTED", 2)
    designations = [current() for _ in range(3)]
    response = bulk(curator_client, "pause_selected", designations, index=0)
    assert response.status_code == 302
    assert "Choose 2 or fewer designations to pause at once." in message_texts(response)


# Buttons on a designation's page


@pytest.mark.parametrize(
    "make, name, form, check",
    [
        (current, "renew", {"review_due": "01/09/2029"}, lambda d: d.review_due == datetime.date(2029, 9, 1)),
        (current, "pause", {"paused_on": TODAY.isoformat(), "reason": "Leave"}, lambda d: d.paused_on == TODAY),
        (paused, "resume", {}, lambda d: d.paused_on is None),
        (current, "end", {"ended_on": TODAY.isoformat(), "reason": "lapsed"}, lambda d: d.ended_on == TODAY),
    ],
)
def test_each_button_asks_then_applies(curator_client, curator, make, name, form, check):
    designation = make()
    url = reverse(f"admin:roles_designation_{name}", args=[designation.pk])
    page = curator_client.get(url)
    assert page.status_code == 200
    assert str(designation) in page.content.decode()

    response = curator_client.post(url, form)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:roles_designation_change", args=[designation.pk])
    designation.refresh_from_db()
    assert check(designation)
    record = ChangeRecord.objects.for_object(designation).latest("pk")
    assert (record.user, record.source, record.note) == (curator, "admin", name.capitalize())


def test_a_refused_button_says_why(curator_client):
    designation = ended()
    response = curator_client.post(
        reverse("admin:roles_designation_renew", args=[designation.pk]),
        {"review_due": days(900).isoformat()},
        follow=True,
    )
    assert "it cannot be renewed" in response.content.decode()


def test_buttons_need_the_change_permission(client):
    viewer = SystemLeaderFactory()  # any row; the user below may only look
    user = User.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_designation"))
    client.force_login(user)
    designation = current(leader=viewer)
    assert client.get(reverse("admin:roles_designation_pause", args=[designation.pk])).status_code == 403
    actions = client.get(CHANGELIST).content.decode()
    assert "pause_selected" not in actions
    assert "export_selected" in actions


def test_an_unknown_designation_goes_back_to_the_list(curator_client):
    response = curator_client.get(reverse("admin:roles_designation_pause", args=[999999]))
    assert response.status_code == 302
