"""The sign-in throttle's counting window (signin/throttle.py): failures count for 15 minutes from the first one;
after that they no longer count and sign-in is allowed again, for the admin and the portal, by address and by
account. Time is moved on through the throttle's clock, without sleeping."""

import pytest

from tests.portal.factories import PASSWORD
from tests.security.test_signin import SIGN_IN_PAGES, TOO_MANY, sign_in, signed_in

pytestmark = pytest.mark.django_db

WINDOW = 15 * 60
ADDRESS = "192.0.2.1"


def refused(response) -> bool:
    return TOO_MANY in response.content.decode()


def fail_for_the_account(page, staff_user, times):
    """Failures for one account, each from its own address (so no address reaches its limit)."""
    for n in range(times):
        assert not refused(sign_in(page, staff_user.username, "wrong password", address=f"198.51.100.{n}"))


def fail_from_the_address(page, times, start=0):
    """Failures from one address, each for its own account (so no account reaches its limit)."""
    for n in range(start, start + times):
        assert not refused(sign_in(page, f"nobody{n}@school.example", "wrong password", address=ADDRESS))


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_an_accounts_failures_count_until_the_window_ends(page, staff_user, clock):
    fail_for_the_account(page, staff_user, 4)
    clock(WINDOW - 1)
    sign_in(page, staff_user.username, "wrong password", address="203.0.113.9")  # the fifth within the window
    response = sign_in(page, staff_user.username, PASSWORD, address="203.0.113.10")
    assert refused(response) and not signed_in(response)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_an_accounts_failures_no_longer_count_after_the_window(page, staff_user, clock):
    fail_for_the_account(page, staff_user, 4)
    clock(WINDOW + 1)
    # Four more: eight in all, but only four in the new window.
    fail_for_the_account(page, staff_user, 4)
    assert signed_in(sign_in(page, staff_user.username, PASSWORD, address="203.0.113.10"))


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_an_addresss_failures_count_until_the_window_ends(page, staff_user, clock):
    fail_from_the_address(page, 19)
    clock(WINDOW - 1)
    sign_in(page, "nobody19@school.example", "wrong password", address=ADDRESS)  # the twentieth within the window
    response = sign_in(page, staff_user.username, PASSWORD, address=ADDRESS)
    assert refused(response) and not signed_in(response)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_an_addresss_failures_no_longer_count_after_the_window(page, staff_user, clock):
    fail_from_the_address(page, 19)
    clock(WINDOW + 1)
    # Nineteen more: thirty-eight in all, but only nineteen in the new window.
    fail_from_the_address(page, 19, start=19)
    assert signed_in(sign_in(page, staff_user.username, PASSWORD, address=ADDRESS))


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_the_window_runs_from_the_first_failure_and_a_new_one_opens_after_it(page, staff_user, clock):
    fail_for_the_account(page, staff_user, 1)
    clock(WINDOW - 60)
    fail_for_the_account(page, staff_user, 3)  # four within the first window
    clock(61)  # the first window has ended, a minute after the latest failures
    fail_for_the_account(page, staff_user, 4)  # a new window opens at the first of these
    clock(WINDOW - 1)
    sign_in(page, staff_user.username, "wrong password", address="203.0.113.9")  # the fifth within the new window
    assert refused(sign_in(page, staff_user.username, PASSWORD, address="203.0.113.10"))
