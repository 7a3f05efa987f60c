import pytest

from tests.concurrency import Session, at_once, requires_postgresql, signed_in_session
from tests.portal.factories import MembershipFactory

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgresql]


def test_requests_sent_at_once_reach_the_live_server_signed_in(live_server):
    membership = MembershipFactory()
    session = signed_in_session(live_server, membership.user)
    responses = at_once([lambda: session.get("/portal/") for _ in range(4)])
    assert [response.status for response in responses] == [200] * 4
    assert Session(live_server.url).get("/portal/").status == 302
