"""Who reaches what: every admin model's pages and every portal page, for each kind of visitor.

Admin: anonymous visitors and teaching school staff are sent to the admin sign-in; a curator gets what the "DfE
curator" group's permissions (roles/curators.py) and the ModelAdmin allow, and never a delete page; a superuser gets
every page the ModelAdmin allows. Portal: only members of a teaching school get in."""

import uuid

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from core.terms import term_containing
from matching.dfe_match import dfe_match_request_submit
from matching.models import Enquiry, EnquiryRecipient, Need
from pages.models import Feedback
from pages.services import feedback_create
from portal.services import invitation_create
from roles.curators import CURATOR_PERMISSIONS
from roles.models import Capacity
from schools.models import HubAreaDistrict, SupportFlag
from tests.directory.conftest import postcodes_loaded  # noqa: F401  (fixture)
from tests.factories import HubAreaFactory, SchoolFactory, TeachingSchoolAllianceFactory
from tests.portal.conftest import a  # noqa: F401  (fixture)
from tests.roles.factories import CuratorFactory

ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
PORTAL_URLS = [
    ("portal:dashboard", None),
    ("portal:sle_list", None),
    ("portal:sle_create", None),
    ("portal:lle_create", None),
    ("portal:sle_detail", "sle"),
    ("portal:sle_end", "sle"),
    ("portal:sle_specialisms", "sle"),
    ("portal:placement_list", None),
    ("portal:placement_create", None),
    ("portal:placement_detail", "placement"),
    ("portal:negotiation_create", "placement"),
    ("portal:placement_status", "placement"),
    ("portal:sle_capacity", "sle"),
    ("portal:enquiry_list", None),
    ("portal:enquiry_detail", "enquiry"),
]
# Admin pages that are not a model's own: (URL name, args), open to whoever may view support flags and deployments.
ADMIN_EXTRA_URLS = [
    ("admin:matching_improvement_offer", None),
    ("admin:matching_improvement_offer_match", "flagged_school"),
]


def admin_url(model, page: str, obj) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
    return reverse(name, args=[obj.pk] if page in ("change", "history", "delete") else [])


def admin_allows(model_admin, page: str, obj, user) -> bool:
    """What the ModelAdmin itself lets this user do (permissions and the ModelAdmin's own overrides)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    if page == "add":
        return model_admin.has_add_permission(request)
    if page == "delete":
        return model_admin.has_delete_permission(request, obj)
    if page == "changelist":
        return model_admin.has_view_or_change_permission(request)
    return model_admin.has_view_or_change_permission(request, obj)


def curator_group_grants(model, page: str) -> bool:
    granted = CURATOR_PERMISSIONS.get(model._meta.app_label, {}).get(model._meta.model_name, ())
    needed = {"changelist": "view", "change": "view", "history": "view", "add": "add", "delete": "delete"}[page]
    return needed in granted


@pytest.fixture
def people(a, postcodes_loaded):  # noqa: F811
    hub_area = HubAreaFactory()
    HubAreaDistrict.objects.create(
        hub_area=hub_area, position=1, name="Leeds", local_authority=a.school.local_authority
    )
    TeachingSchoolAllianceFactory(teaching_school=a.school)
    Capacity.objects.create(
        leader=a.sle.leader, term_starts_on=term_containing(a.placement.requested_on).starts_on, days_free=3
    )
    a.flagged_school = SchoolFactory()
    SupportFlag.objects.create(school=a.flagged_school, reason="Falling results", flagged_on=a.placement.requested_on)
    made = Enquiry.objects.create(
        reference="ENQ-MATRIX22",
        school=a.flagged_school,
        need=Need.LEADERSHIP,
        contact_name="Jo Head",
        contact_email="jo@school.example",
        message="Please help",
    )
    a.enquiry = EnquiryRecipient.objects.create(enquiry=made, teaching_school=a.school, name=a.school.name)
    superuser = get_user_model().objects.create_superuser("root", "root@education.gov.uk", "not-used-here-1")
    feedback_create(submission=uuid.uuid4(), satisfaction=Feedback.Satisfaction.values[0], comments="Clear")
    dfe_match_request_submit(
        school=a.flagged_school,
        need=Need.GOVERNANCE,
        message="Our governors need help",
        contact_name="Jo Head",
        contact_role="Headteacher",
        contact_email="jo@school.example",
    )
    invitation_create(email="new.staff@example.org", school=a.school, invited_by=superuser, accept_url=str)
    return {
        "anonymous": None,
        "teaching school user": a.user,
        "curator": CuratorFactory(),
        "superuser": superuser,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_admin_page_for_every_visitor(people):
    failures, skipped = [], []
    clients = {kind: client_for(user) for kind, user in people.items()}
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            skipped.append(model._meta.label)  # none so far; a new model without a row here is reported
        for page in ADMIN_PAGES:
            if obj is None and page in ("change", "history", "delete"):
                continue
            url = admin_url(model, page, obj)
            for kind, client in clients.items():
                response = client.get(url)
                if kind in ("anonymous", "teaching school user"):
                    ok = response.status_code == 302 and response["Location"].startswith("/admin/login/")
                    expected = "redirect to /admin/login/"
                elif kind == "curator":
                    allowed = (
                        page != "delete"
                        and curator_group_grants(model, page)
                        and admin_allows(model_admin, page, obj, people["superuser"])
                    )
                    expected = 200 if allowed else 403
                    ok = response.status_code == expected
                else:
                    expected = 200 if admin_allows(model_admin, page, obj, people["superuser"]) else 403
                    ok = response.status_code == expected
                if not ok:
                    failures.append(f"{kind} {page} {model._meta.label}: {response.status_code}, expected {expected}")
    # Models with no row to open are listed here: their change/history/delete pages were not tried.
    assert not skipped, f"admin models without an object to open: {skipped}"
    assert not failures, "\n".join(failures)


def test_a_curator_is_never_offered_a_bulk_delete(people):
    request = RequestFactory().get("/admin/")
    request.user = people["curator"]
    for model, model_admin in admin.site._registry.items():
        actions = model_admin.get_actions(request)
        assert "delete_selected" not in actions, model._meta.label
        for name, (func, _, _) in actions.items():
            for permission in getattr(func, "allowed_permissions", ()):
                codename = f"{permission}_{model._meta.model_name}"
                assert people["curator"].has_perm(f"{model._meta.app_label}.{codename}"), (model._meta.label, name)


def test_a_curator_cannot_post_a_bulk_delete(people):
    client = client_for(people["curator"])
    for model in admin.site._registry:
        before = model._default_manager.count()
        pks = list(model._default_manager.values_list("pk", flat=True)[:2])
        if not pks:
            continue
        client.post(
            admin_url(model, "changelist", None),
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
        assert model._default_manager.count() == before, model._meta.label


def test_the_improvement_offer_pages_for_every_visitor(people, a):  # noqa: F811
    for name, needs in ADMIN_EXTRA_URLS:
        url = reverse(name, args=[getattr(a, needs).urn] if needs else [])
        for kind in ("anonymous", "teaching school user"):
            response = client_for(people[kind]).get(url)
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), (kind, url)
        for kind in ("curator", "superuser"):
            assert client_for(people[kind]).get(url).status_code == 200, (kind, url)


@pytest.mark.parametrize(("name", "needs"), PORTAL_URLS)
def test_every_portal_page_for_every_visitor(people, a, name, needs):  # noqa: F811
    url = reverse(name, args=[getattr(a, needs).pk] if needs else [])
    response = client_for(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:sign_in"))
    for kind in ("curator", "superuser"):
        assert client_for(people[kind]).get(url).status_code == 403, kind
    assert client_for(people["teaching school user"]).get(url).status_code == 200
