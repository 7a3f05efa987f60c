"""The "ask for support" journey through Django's test client: the school, the need, the shortlist, the enquiry,
checking it and sending it; every bad answer gets a message on the page and stores nothing."""

import re

import pytest
from django.core import mail
from django.test import Client

from matching.models import Enquiry, EnquiryRecipient
from roles.models import TeachingSchoolMembership
from schools.models import School
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "contact_name": "Priya Shah",
    "contact_role": "Headteacher",
    "contact_email": "priya.shah@littlelondon.example",
    "contact_telephone": "0113 496 0999",
    "message": "We would like help with phonics in reception and year 1.\r\nWe are free on Tuesdays.",
}


@pytest.fixture
def asking(world):  # noqa: F811
    """A primary school in Leeds about a mile from the directory's people."""
    return SchoolFactory(
        urn=107900,
        name="Little London Primary School",
        postcode="LS7 1HT",
        town="Leeds",
        easting=429900,
        northing=434800,
        local_authority=world.leeds,
        region=world.yorkshire,
        phase=School.Phase.PRIMARY,
    )


@pytest.fixture(autouse=True)
def spring_bank_staff(world, django_user_model):  # noqa: F811
    """Spring Bank, the teaching school that designates Samir Patel (SLE), has two active portal users and one who
    left: enquiries about its SLEs go to the two."""
    for name, active in (("head", True), ("office", True), ("left", False)):
        user = django_user_model.objects.create_user(
            username=f"{name}@springbank.example", email=f"{name}@springbank.example", is_active=active
        )
        TeachingSchoolMembership.objects.create(user=user, school=world.spring_bank)
    return ["head@springbank.example", "office@springbank.example"]


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def phonics_shortlist(asking) -> str:
    return f"/ask-for-support/shortlist/?urn={asking.urn}&need=specialism&specialism=phonics"


def choose(client, asking, to):
    """Tick recipients on the phonics shortlist and continue."""
    query = {"urn": asking.urn, "need": "specialism", "specialism": "phonics", "chosen": "1", "to": to}
    return client.get("/ask-for-support/shortlist/", query)


def enquiry_url(asking, leader) -> str:
    return f"/ask-for-support/enquiry/?urn={asking.urn}&need=specialism&specialism=phonics&to=leader:{leader.pk}"


def start_enquiry(client, asking, leader, details=DETAILS) -> str:
    """Fill in the enquiry form; returns the check page's address."""
    response = client.post(enquiry_url(asking, leader), details)
    assert response.status_code == 302, text(response)
    return response["Location"]


def test_from_i_need_help_with_phonics_to_a_sent_enquiry(
    client,
    world,  # noqa: F811
    asking,
    django_capture_on_commit_callbacks,
    spring_bank_staff,  # noqa: F811
):
    response = client.get("/ask-for-support/")
    assert "Start now" in text(response)

    response = client.get("/ask-for-support/school/", {"q": "little london"})
    assert "Choose your school" in text(response) and "Little London Primary School" in text(response)
    response = client.get("/ask-for-support/school/", {"q": "little london", "answered": "1", "urn": asking.urn})
    assert response["Location"] == f"/ask-for-support/need/?urn={asking.urn}"

    response = client.get(response["Location"])
    assert "What do you need help with?" in text(response)
    response = client.get("/ask-for-support/need/", {"urn": asking.urn, "need": "specialism", "answered": "1"})
    assert response["Location"] == f"/ask-for-support/specialism/?urn={asking.urn}"

    response = client.get(response["Location"])
    assert '<optgroup label="Pupil achievement">' in response.content.decode()
    response = client.get("/ask-for-support/specialism/", {"urn": asking.urn, "specialism": "phonics", "answered": "1"})
    assert response["Location"] == phonics_shortlist(asking)

    response = client.get(response["Location"])
    page = text(response)
    assert "Who can help with phonics" in page
    assert page.index("Samir Patel") < page.index("Spring Bank Primary School")
    assert "Offers the specialism you need" in page
    assert f'value="leader:{world.sle.leader_id}"' in response.content.decode()
    assert "It will go to the staff of Spring Bank Primary School" in page

    response = choose(client, asking, f"leader:{world.sle.leader_id}")
    assert response["Location"] == enquiry_url(asking, world.sle.leader)
    response = client.get(enquiry_url(asking, world.sle.leader))
    page = text(response)
    assert "Your enquiry will go to: Samir Patel" in page
    assert "Read by the staff of Spring Bank Primary School, the teaching school that designates Samir Patel" in page
    assert "usually within" not in page
    check_url = start_enquiry(client, asking, world.sle.leader)
    response = client.get(check_url)
    page = text(response)
    assert "Check your enquiry before sending it" in page
    assert "Priya Shah" in page and "Little London Primary School" in page and "Phonics" in page
    assert Enquiry.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check_url)
    enquiry = Enquiry.objects.get()
    assert response["Location"] == f"/ask-for-support/enquiry/{enquiry.reference}/sent/"
    page = text(client.get(response["Location"]))
    assert "Enquiry sent" in page and enquiry.reference in page
    assert "a private link to a page that shows each response" in page and "usually within" not in page

    assert (enquiry.school, enquiry.need, enquiry.specialism.slug) == (asking, "specialism", "phonics")
    (recipient,) = enquiry.recipients.all()
    assert recipient.leader == world.sle.leader and recipient.teaching_school == world.spring_bank
    assert enquiry.message == "We would like help with phonics in reception and year 1.\nWe are free on Tuesdays."
    assert recipient.delivery_status == EnquiryRecipient.DeliveryStatus.SENT
    email, copy = mail.outbox
    # Teaching schools arrange their SLEs' support: the SLE's address (typed in the portal) is never emailed.
    assert email.to == spring_bank_staff
    assert email.reply_to == [DETAILS["contact_email"]]
    assert enquiry.reference in email.subject and "Little London Primary School" in email.subject
    for expected in ("URN 107900", "Phonics", "Priya Shah", "Headteacher", "0113 496 0999", "free on Tuesdays"):
        assert expected in email.body
    assert f"/portal/enquiries/{recipient.pk}/" in email.body
    assert copy.to == [DETAILS["contact_email"]] and enquiry.reference in copy.subject
    assert "free on Tuesdays" in copy.body and "/ask-for-support/your-enquiry/" in copy.body


def test_an_enquiry_to_a_teaching_school_goes_to_its_portal_users(
    client,
    world,  # noqa: F811
    asking,
    django_capture_on_commit_callbacks,
    spring_bank_staff,
):
    url = (
        f"/ask-for-support/enquiry/?urn={asking.urn}&need=specialism&specialism=phonics"
        f"&to=school:{world.spring_bank.urn}"
    )
    response = client.post(url, DETAILS)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    recipient = Enquiry.objects.get().recipients.get()
    assert recipient.teaching_school == world.spring_bank and recipient.leader is None
    assert mail.outbox[0].to == spring_bank_staff


def test_one_enquiry_goes_to_several_at_once(client, world, asking, django_capture_on_commit_callbacks):  # noqa: F811
    chosen = [f"leader:{world.sle.leader_id}", f"school:{world.spring_bank.urn}"]
    response = choose(client, asking, chosen)
    assert response.status_code == 302
    check_url = client.post(response["Location"], DETAILS)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check_url)
    enquiry = Enquiry.objects.get()
    assert [r.name for r in enquiry.recipients.order_by("pk")] == ["Samir Patel", "Spring Bank Primary School"]
    assert len(mail.outbox) == 3  # one per recipient, and the requester's copy
    assert sum(DETAILS["contact_email"] in email.to for email in mail.outbox) == 1


@pytest.mark.parametrize(
    "to, message",
    [
        ([], "Choose at least one leader or teaching school"),
        (["leader:1", "leader:2", "leader:3", "leader:4", "leader:5", "leader:6"], "Choose 5 or fewer"),
        (["school:107885"], "is not on the shortlist"),
        (["magic"], "Choose leaders and teaching schools from the shortlist"),
    ],
)
def test_choosing_from_the_shortlist_is_checked(client, world, asking, to, message):  # noqa: F811
    response = choose(client, asking, to)
    assert response.status_code == 400
    assert "There is a problem" in text(response) and message in text(response)
    assert "<title>Error:" in response.content.decode()


def test_someone_nobody_can_reach_is_said_before_writing(client, world, asking, spring_bank_staff):  # noqa: F811
    TeachingSchoolMembership.objects.all().delete()
    response = client.get(phonics_shortlist(asking))
    page = text(response)
    assert "We cannot send enquiries to Samir Patel through this service" in page
    assert f'value="leader:{world.sle.leader_id}"' not in response.content.decode()
    assert client.get(enquiry_url(asking, world.sle.leader)).status_code == 404


def test_sending_twice_stores_one_enquiry(client, world, asking, django_capture_on_commit_callbacks):  # noqa: F811
    check_url = start_enquiry(client, asking, world.sle.leader)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(check_url)
        second = client.post(check_url)  # a double click, or a refresh of the check page
    assert Enquiry.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 2  # to the teaching school, and the requester's copy
    assert client.get(check_url)["Location"] == first["Location"]


def test_sending_a_draft_twice_from_two_tabs_stores_one_enquiry(client, world, asking):  # noqa: F811
    check_url = start_enquiry(client, asking, world.sle.leader)
    other_tab = Client()
    other_tab.cookies = client.cookies
    client.post(check_url)
    other_tab.post(check_url)
    assert Enquiry.objects.count() == 1


def test_changing_details_keeps_the_same_draft(client, world, asking):  # noqa: F811
    check_url = start_enquiry(client, asking, world.sle.leader)
    reference = check_url.split("/")[-3]
    change = client.get(check_url)
    change_url = re.search(r'href="([^"]*draft=[^"]*)"', change.content.decode())[1].replace("&amp;", "&")
    assert "Priya Shah" in client.get(change_url).content.decode()
    response = client.post(change_url, {**DETAILS, "contact_name": "Priya Shah-Jones"})
    assert response["Location"] == f"/ask-for-support/enquiry/{reference}/check/"
    assert "Priya Shah-Jones" in text(client.get(response["Location"]))


def test_the_sent_page_is_only_for_whoever_sent_it(client, world, asking):  # noqa: F811
    check_url = start_enquiry(client, asking, world.sle.leader)
    sent_url = client.post(check_url)["Location"]
    assert client.get(sent_url).status_code == 200
    assert Client().get(sent_url).status_code == 404
    assert Client().get(check_url).status_code == 404
    assert "was not saved" in text(Client().get(check_url))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"contact_name": ""}, "Enter your name"),
        ({"contact_role": "  "}, "Enter your role"),
        ({"contact_email": "not an email"}, "Enter an email address in the correct format"),
        ({"contact_telephone": "call me maybe"}, "Enter a telephone number"),
        ({"message": ""}, "Enter a message"),
        ({"message": "x" * 2001}, "Your message must be 2,000 characters or less"),
        ({"contact_name": "n" * 101}, "Your name must be 100 characters or less"),
    ],
)
def test_bad_details_are_explained_and_store_nothing(client, world, asking, changes, message):  # noqa: F811
    response = client.post(enquiry_url(asking, world.sle.leader), {**DETAILS, **changes})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and message in page
    assert page.startswith("Error:") or "<title>Error:" in response.content.decode()
    assert Enquiry.objects.count() == 0
    assert not client.session.get("matching_enquiry_drafts")


def test_a_message_of_2000_characters_with_line_breaks_fits(client, world, asking):  # noqa: F811
    message = ("y" * 98 + "\r\n") * 20  # 2,000 characters once each line break counts as one
    response = client.post(enquiry_url(asking, world.sle.leader), {**DETAILS, "message": message[:-2] + "zz"})
    assert response.status_code == 302


def test_csrf_is_required(world, asking):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    assert client.post(enquiry_url(asking, world.sle.leader), DETAILS).status_code == 403


@pytest.mark.parametrize(
    "query, message",
    [
        ({"q": ""}, "Enter your school’s name, URN or postcode"),
        ({"q": "\x00\x01"}, "Enter your school’s name, URN or postcode"),
        ({"q": "no such school anywhere"}, "No open school matches ‘no such school anywhere’"),
        ({"q": "LS99 9ZZ"}, "We could not find the postcode LS99 9ZZ"),
        ({"q": "x" * 101}, "100 characters or less"),
        ({"q": "little london", "answered": "1"}, "Select your school"),
        ({"q": "little london", "answered": "1", "urn": "999999"}, "Select a school from the list"),
        ({"answered": "1", "urn": "abc"}, "Select a school from the list"),
    ],
)
def test_school_question_errors(client, asking, query, message):
    response = client.get("/ask-for-support/school/", query)
    assert response.status_code == 200
    assert "There is a problem" in text(response) and message in text(response)
    assert "<title>Error:" in response.content.decode()


def test_a_closed_school_cannot_ask(client, world):  # noqa: F811
    closed = SchoolFactory(name="Closed Lane School", later_status=School.LaterStatus.CLOSED)
    assert "No open school matches" in text(client.get("/ask-for-support/school/", {"q": "closed lane"}))
    assert client.get("/ask-for-support/need/", {"urn": closed.urn}).status_code == 400


def test_school_suggestions_are_bounded_json(client, world, asking):  # noqa: F811
    for n in range(12):
        SchoolFactory(name=f"Suggested Academy {n}")
    results = client.get("/ask-for-support/schools.json", {"q": "suggested"}).json()["results"]
    assert len(results) == 10
    results = client.get("/ask-for-support/schools.json", {"q": "LITTLE london"}).json()["results"]
    assert results == [
        {
            "urn": 107900,
            "name": "Little London Primary School",
            "label": "Little London Primary School, Leeds, LS7 1HT (URN 107900)",
        }
    ]
    assert client.get("/ask-for-support/schools.json", {"q": "l"}).json() == {"results": []}
    assert client.get("/ask-for-support/schools.json").json() == {"results": []}


def test_need_question(client, asking):
    response = client.get("/ask-for-support/need/", {"urn": asking.urn, "answered": "1"})
    assert "Select what you need help with" in text(response)
    response = client.get("/ask-for-support/need/", {"urn": asking.urn, "answered": "1", "need": "magic"})
    assert "Select what you need help with" in text(response)
    response = client.get("/ask-for-support/need/", {"urn": asking.urn, "answered": "1", "need": "governance"})
    assert response["Location"] == f"/ask-for-support/shortlist/?urn={asking.urn}&need=governance"
    # Coming back to change the answer shows it chosen, without moving on.
    response = client.get("/ask-for-support/need/", {"urn": asking.urn, "need": "governance"})
    assert 'value="governance" checked' in response.content.decode()
    assert client.get("/ask-for-support/need/").status_code == 400
    assert client.get("/ask-for-support/need/", {"urn": "999999999"}).status_code == 400


def test_specialism_question(client, asking):
    response = client.get("/ask-for-support/specialism/", {"urn": asking.urn, "answered": "1", "specialism": "nope"})
    assert "Select a subject or specialist area from the list" in text(response)
    response = client.get("/ask-for-support/specialism/", {"urn": asking.urn, "answered": "1"})
    assert "Select the subject or specialist area" in text(response)
    response = client.get("/ask-for-support/specialism/", {"urn": asking.urn, "specialism": "maths"})
    assert '<option value="maths" selected>' in response.content.decode()


def test_governance_shortlist_says_why_nlgs_are_not_listed(client, world, asking):  # noqa: F811
    page = text(client.get(f"/ask-for-support/shortlist/?urn={asking.urn}&need=governance"))
    assert "National leaders of governance are not listed: the programme closed in 2023" in page
    assert "Nadia Okafor" in page and "Gwen Hughes" not in page


def test_an_empty_shortlist_says_what_to_try(client, world, asking):  # noqa: F811
    page = text(client.get(f"/ask-for-support/shortlist/?urn={asking.urn}&need=specialism&specialism=science"))
    assert "No one on the list yet" in page
    assert "choose a related subject or specialist area" in page and "search the whole directory" in page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "urn=107900",
        "urn=107900&need=specialism",
        "urn=107900&need=specialism&specialism=nope",
        "urn=107900&need=magic",
        "urn=abc&need=leadership",
        "urn=1&need=leadership",
    ],
)
def test_a_shortlist_with_a_bad_address_explains(client, asking, query):
    response = client.get(f"/ask-for-support/shortlist/?{query}")
    assert response.status_code == 400
    assert "There is a problem with this page’s address" in text(response)


@pytest.mark.parametrize(
    "recipient",
    [
        "",
        "to=abc",
        "to=leader:abc",
        "to=leader:999999",
        "to=school:107885",
        "to=leader:{nle}",
        "to=leader:{far}",
    ],
)
def test_an_enquiry_to_someone_not_on_the_shortlist_is_refused(client, world, asking, recipient):  # noqa: F811
    from roles.models import Specialism
    from tests.factories import SLEDesignationFactory, SystemLeaderFactory

    far = SLEDesignationFactory(  # an SLE offering phonics in the City of London, about 170 miles away
        leader=SystemLeaderFactory(first_name="Far", last_name="Away", school=world.aldgate),
        teaching_school=world.spring_bank,
        specialisms=[Specialism.objects.get(slug="phonics")],
    )
    recipient = recipient.format(nle=world.nle.leader_id, far=far.leader_id)
    url = f"/ask-for-support/enquiry/?urn={asking.urn}&need=specialism&specialism=phonics&{recipient}"
    assert client.get(url).status_code == 404
    assert client.post(url, DETAILS).status_code == 404
    assert Enquiry.objects.count() == 0


def test_a_leader_far_away_for_leadership_is_refused_with_a_reason(client, world):  # noqa: F811
    """Issue #12 item 11: /ask-for-support/enquiry/?urn=100000&need=leadership&leader=<224 miles away>."""
    url = f"/ask-for-support/enquiry/?urn={world.aldgate.urn}&need=leadership&to=leader:{world.nle.leader_id}"
    response = client.get(url)
    assert response.status_code == 404
    assert "Nadia Okafor is not on the shortlist for The Aldgate School and leadership" in text(response)


def test_journey_pages_are_not_cached(client, world, asking):  # noqa: F811
    response = client.get(enquiry_url(asking, world.sle.leader))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_shortlist_page_takes_a_bounded_number_of_queries(client, world, asking, django_assert_max_num_queries):  # noqa: F811
    """Who would receive each entry's enquiry is worked out in a few queries, whatever the number of entries."""
    from roles.models import Specialism
    from tests.factories import SLEDesignationFactory, SystemLeaderFactory

    url = phonics_shortlist(asking)
    client.get(url)  # the session and the options, once
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(8):
        SLEDesignationFactory(
            leader=SystemLeaderFactory(school=world.quarry_mount, last_name=f"Extra{n}"),
            teaching_school=world.spring_bank,
            specialisms=[Specialism.objects.get(slug="phonics")],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["entries"] and len(response.context["entries"]) == 10
