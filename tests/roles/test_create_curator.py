"""manage.py create_curator: the first curator is made by a command, never by a default account."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from roles.curators import CURATOR_GROUP_NAME

pytestmark = pytest.mark.django_db

STRONG = "plum-kettle-harbour-74"


def test_it_creates_a_staff_curator_who_can_sign_in_to_the_admin():
    call_command("create_curator", "--email", "Curator@DfE.example", "--password", STRONG)
    user = get_user_model().objects.get()
    assert (user.username, user.email) == ("curator@dfe.example", "curator@dfe.example")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [CURATOR_GROUP_NAME]
    assert user.has_perm("roles.change_designation")
    client = Client()
    assert client.post("/admin/login/", {"username": "curator@dfe.example", "password": STRONG}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_password_can_come_from_the_environment_and_superuser_is_optional(monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", STRONG)
    call_command("create_curator", "--email", "lead@dfe.example", "--superuser")
    user = get_user_model().objects.get()
    assert user.is_superuser and user.is_staff and user.check_password(STRONG)


@pytest.mark.parametrize("password", ["short", "password1234", "123456789012345", "curator@dfe.example"])
def test_weak_passwords_are_refused_and_nothing_is_created(password):
    with pytest.raises(CommandError, match="The password is not allowed"):
        call_command("create_curator", "--email", "curator@dfe.example", "--password", password)
    assert not get_user_model().objects.exists()


def test_no_password_and_no_terminal_is_refused(monkeypatch):
    monkeypatch.delenv("CURATOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="CURATOR_PASSWORD"):
        call_command("create_curator", "--email", "curator@dfe.example")


def test_an_existing_email_or_a_bad_one_is_refused():
    call_command("create_curator", "--email", "curator@dfe.example", "--password", STRONG)
    with pytest.raises(CommandError, match="already a user"):
        call_command("create_curator", "--email", "CURATOR@dfe.example", "--password", STRONG)
    with pytest.raises(CommandError, match="valid email"):
        call_command("create_curator", "--email", "not-an-email", "--password", STRONG)
    assert get_user_model().objects.count() == 1
