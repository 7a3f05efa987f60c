"""The curators' admin: a deployment from request, through negotiation, to completion, all through the admin's own
URLs, with its history; and what the admin refuses (deletes, broken rules)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import checks
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import ChangeRecord
from deployments import services
from deployments.models import Deployment, NegotiationRecord, PupilPremiumReviewStage
from roles.admin_autocomplete import designation_label
from tests.admin_pages import form_data
from tests.deployments.conftest import agreement, deployment_in, request_support
from tests.deployments.factories import kind
from tests.factories import DesignationFactory, LocalAuthorityFactory, SchoolFactory, SLEDesignationFactory

pytestmark = pytest.mark.django_db

# What a DfE curator needs for deployments, and to look up what a deployment refers to.
CURATOR_PERMISSIONS = [
    *(
        f"{action}_{model}"
        for model in ("deployment", "deploymentleader", "negotiationrecord", "pupilpremiumreviewstage")
        for action in ("view", "add", "change")
    ),
    "view_designation",
    "view_school",
    "view_specialism",
    "view_changerecord",
]


@pytest.fixture
def curator(db):
    user = get_user_model().objects.create_user(username="casey.curator", password="not-a-secret", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=CURATOR_PERMISSIONS))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def url(name, *args):
    return reverse(f"admin:deployments_{name}", args=args)


def inline_prefix(response, model) -> tuple[str, int]:
    """The prefix of an inline formset and the index of its first new form."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix, len(inline.formset.initial_forms)
    raise AssertionError(f"no inline for {model.__name__}")


def step_url(deployment, kind="proposal"):
    return url("deployment_negotiation_step", deployment.pk, kind)


def add_record(client, deployment, kind="proposal", **values) -> object:
    """Record one step on its own page, as a curator would after following its link from the deployment's page."""
    page = client.get(step_url(deployment, kind))
    assert page.status_code == 200
    data = {
        "opened_version": page.context["form"].initial["opened_version"],
        "recorded_on": "2024-01-22",
        "proposed_by": "system_leader",
        "free_days": "0",
        "payer": "supported_school",
        **values,
    }
    return client.post(step_url(deployment, kind), data, follow=True)


def messages_in(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_admin_checks_pass():
    errors = [message for message in checks.run_checks(tags=[checks.Tags.admin]) if message.is_serious()]
    assert errors == []


def test_a_curator_takes_a_deployment_from_request_to_completion(curator_client, curator, nle, school):
    client = curator_client

    # The request, through the add form (which makes it with deployment_request).
    assert client.get(url("deployment_add")).status_code == 200
    response = client.post(
        url("deployment_add"),
        {
            "kind": kind("nle-alongside-own-staff").pk,
            "lead": nle.pk,
            "requested_on": "2024-01-15",
            "supported_school": school.pk,
            "supported_trust": "",
            "national_support_school_staff": "Deputy headteacher",
            "involves_ofsted": "on",
            "pattern": "days_per_week",
            "days_per_week_min": "3",
            "days_per_week_max": "4",
            "period_weeks": "104",
            "time_notes": "",
            "total_days": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    deployment = Deployment.objects.get()
    assert (deployment.status, deployment.created_by, deployment.supported_school) == ("requested", curator, school)
    assert services.deployment_lead(deployment) == nle
    assert deployment.time_commitment_summary == "3 to 4 days a week for 104 weeks"

    # Negotiating, by the list's action.
    response = client.post(
        url("deployment_changelist"), {"action": "start_negotiating", "_selected_action": [deployment.pk], "index": 0}
    )
    assert response.status_code == 302
    deployment.refresh_from_db()
    assert deployment.status == "negotiating"

    # A proposal at £650 a day: recorded, with a warning.
    response = add_record(client, deployment, day_rate_pounds="650", days="100")
    assert response.status_code == 200
    assert any("A day rate of £650 is outside the typical £300 to £500" in m for m in messages_in(response))
    proposal = deployment.negotiation_records.get()
    assert (proposal.day_rate_pence, proposal.total_cost_pence, proposal.recorded_by) == (65_000, 6_500_000, curator)

    # The agreement, in pounds and pence: the deployment is agreed, on the agreed time commitment.
    response = add_record(
        client,
        deployment,
        kind="agreement",
        proposed_by="supported_school",
        recorded_on="2024-02-02",
        day_rate_pounds="475.50",
        days="80",
        pattern="days_per_week",
        days_per_week_min="3",
        period_weeks="30",
    )
    assert "The deployment is now agreed." in messages_in(response)
    deployment.refresh_from_db()
    assert deployment.status == "agreed"
    terms = services.deployment_agreed_terms(deployment)
    assert (terms.day_rate_pence, terms.total_cost_pence) == (47_550, 3_804_000)
    assert deployment.time_commitment_summary == "80 days in all; 3 days a week for 30 weeks"
    page = client.get(url("deployment_change", deployment.pk)).content.decode()
    assert "£38,040.00" in page and "£475.50" in page

    # Active, by the list's action with its page for the date.
    response = client.post(
        url("deployment_changelist"), {"action": "mark_active", "_selected_action": [deployment.pk], "index": 0}
    )
    assert response.status_code == 200
    assert "Mark active" in response.content.decode()
    response = client.post(
        url("deployment_changelist"),
        {"action": "mark_active", "_selected_action": [deployment.pk], "on": "2024-02-26", "apply": "1"},
    )
    assert response.status_code == 302
    deployment.refresh_from_db()
    assert (deployment.status, deployment.starts_on) == ("active", datetime.date(2024, 2, 26))

    # Completed, by the button on its page, with the outcome.
    page = client.get(url("deployment_change", deployment.pk)).content.decode()
    move = url("deployment_move", deployment.pk, "completed")
    assert move in page
    assert client.get(move).status_code == 200
    response = client.post(move, {"on": "2024-07-19", "outcome": "", "outcome_notes": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    response = client.post(move, {"on": "2024-07-19", "outcome": "improved", "outcome_notes": "Judged good in June."})
    assert response.status_code == 302
    deployment.refresh_from_db()
    assert (deployment.status, deployment.ends_on, deployment.outcome) == (
        "completed",
        datetime.date(2024, 7, 19),
        "improved",
    )

    # The history: who changed what, through the admin.
    history = client.get(url("deployment_history", deployment.pk))
    assert history.status_code == 200
    content = history.content.decode()
    assert "casey.curator" in content
    for before, after in [
        ("requested", "negotiating"),
        ("negotiating", "agreed"),
        ("agreed", "active"),
        ("active", "completed"),
    ]:
        assert f"<strong>Status</strong>: {before.capitalize()} → {after.capitalize()}" in content
    assert "Negotiation record: Agreement on 02 Feb 2024" in content
    records = ChangeRecord.objects.for_object(deployment)
    assert {record.user for record in records} == {curator}
    assert {record.source for record in records} == {"admin"}


def test_the_add_form_obeys_the_service_rules(admin_client, sle, school):
    response = admin_client.post(
        url("deployment_add"),
        {
            "kind": kind("pupil-premium-review").pk,
            "lead": sle.pk,
            "requested_on": "2024-01-15",
            "supported_school": school.pk,
        },
    )
    assert response.status_code == 200
    assert "“Pupil premium review” is support from pupil premium reviewers" in response.content.decode()

    response = admin_client.post(
        url("deployment_add"), {"kind": kind("sle-coaching").pk, "lead": sle.pk, "requested_on": "2024-01-15"}
    )
    assert "Choose the supported school, or enter the supported trust" in response.content.decode()
    assert not Deployment.objects.exists()


def test_a_record_that_breaks_a_rule_is_refused_on_the_form(admin_client, reviewer):
    deployment = request_support(lead=reviewer, code="pupil-premium-review")
    response = add_record(admin_client, deployment, day_rate_pounds="450", days="6")
    assert "A pupil premium review takes 2 to 4 days" in response.content.decode()
    assert not deployment.negotiation_records.exists()


def test_negotiation_records_are_read_only_and_never_deleted(admin_client, nle):
    deployment = deployment_in("agreed", lead=nle)
    record = deployment.negotiation_records.first()
    page = admin_client.get(url("deployment_change", deployment.pk))
    assert not any(inline.formset.model is NegotiationRecord for inline in page.context["inline_admin_formsets"])
    data = form_data(page)
    data.update({"negotiation_records-0-day_rate_pounds": "1", "negotiation_records-0-DELETE": "on"})
    admin_client.post(url("deployment_change", deployment.pk), data)
    record.refresh_from_db()
    assert record.day_rate_pence == 50_000
    assert admin_client.get(url("negotiationrecord_delete", record.pk)).status_code == 403
    assert admin_client.get(url("negotiationrecord_change", record.pk)).status_code == 200  # to look at


def test_deployments_cannot_be_deleted(admin_client, nle):
    deployment = deployment_in("requested", lead=nle)
    assert admin_client.get(url("deployment_delete", deployment.pk)).status_code == 403
    changelist = admin_client.get(url("deployment_changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert Deployment.objects.filter(pk=deployment.pk).exists()


def test_a_refused_move_is_a_message_not_an_error(admin_client, nle):
    requested = deployment_in("requested", lead=nle)
    negotiating = deployment_in("negotiating", lead=nle)
    response = admin_client.post(
        url("deployment_changelist"),
        {"action": "start_negotiating", "_selected_action": [requested.pk, negotiating.pk], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    messages = messages_in(response)
    assert f"{negotiating}: This deployment is already negotiating" in messages
    assert "1 deployment now negotiating." in messages
    requested.refresh_from_db()
    assert requested.status == "negotiating"


def test_cancel_with_an_outcome(admin_client, nle):
    deployment = deployment_in("active", lead=nle)
    data = {"action": "cancel", "_selected_action": [deployment.pk], "on": "2024-04-01", "apply": "1"}
    response = admin_client.post(url("deployment_changelist"), data)
    assert response.status_code == 302
    deployment.refresh_from_db()
    assert deployment.status == "active"  # active support needs its outcome: refused with a message
    admin_client.post(url("deployment_changelist"), {**data, "outcome": "withdrawn"})
    deployment.refresh_from_db()
    assert (deployment.status, deployment.outcome, deployment.ends_on) == (
        "cancelled",
        "withdrawn",
        datetime.date(2024, 4, 1),
    )


def test_another_leader_joins_through_the_inline(admin_client, nle, sle):
    deployment = deployment_in("negotiating", lead=nle)
    page = admin_client.get(url("deployment_change", deployment.pk))
    data = form_data(page)
    prefix, index = inline_prefix(page, type(deployment.leaders.first()))
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-designation"] = str(sle.pk)
    data[f"{prefix}-{index}-deployment"] = str(deployment.pk)
    response = admin_client.post(url("deployment_change", deployment.pk), data)
    assert response.status_code == 302
    assert {(leader.designation, leader.is_lead) for leader in deployment.leaders.all()} == {(nle, True), (sle, False)}


def test_review_stages_for_a_pupil_premium_review(admin_client, reviewer):
    deployment = request_support(lead=reviewer, code="pupil-premium-review")
    page = admin_client.get(url("deployment_change", deployment.pk))
    data = form_data(page)
    prefix, index = inline_prefix(page, PupilPremiumReviewStage)
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"{prefix}-{index}-stage": "initial_discussion",
            f"{prefix}-{index}-scheduled_on": "2024-01-29",
            f"{prefix}-{index}-deployment": str(deployment.pk),
        }
    )
    assert admin_client.post(url("deployment_change", deployment.pk), data).status_code == 302
    stage = deployment.review_stages.get()
    assert stage.scheduled_on == datetime.date(2024, 1, 29)


def test_the_list_filters_searches_and_shows_money(admin_client, nle):
    deployment = deployment_in("agreed", lead=nle)
    school = deployment.supported_school
    changelist = url("deployment_changelist")
    content = admin_client.get(changelist).content.decode()
    assert "£9,000.00" in content  # 20 days at £450
    for query in [{"q": str(school.urn)}, {"q": nle.leader.last_name}, {"status__exact": "agreed"}]:
        response = admin_client.get(changelist, query)
        assert response.status_code == 200
        assert school.name in response.content.decode(), query
    for query in [
        {"kind__role__code__exact": "nle"},
        {"supported_school__region__id__exact": school.region_id},
        {"supported_school__local_authority__id__exact": school.local_authority_id},
        {"day_rate": "typical"},
        {"day_rate": "outside"},
    ]:
        assert admin_client.get(changelist, query).status_code == 200
    assert school.name not in admin_client.get(changelist, {"status__exact": "active"}).content.decode()


def test_the_change_page_lists_no_schools(admin_client, nle):
    deployment = deployment_in("requested", lead=nle)
    SchoolFactory(name="A school nobody chose")
    response = admin_client.get(url("deployment_change", deployment.pk))
    assert response.status_code == 200
    assert "A school nobody chose" not in response.content.decode()


def test_export_as_csv(admin_client, nle):
    deployment = deployment_in("agreed", lead=nle)
    deployment.outcome_notes = '=HYPERLINK("http://example.org")'
    Deployment.objects.filter(pk=deployment.pk).update(outcome_notes=deployment.outcome_notes)
    response = admin_client.post(
        url("deployment_changelist"), {"action": "export_csv", "_selected_action": [deployment.pk], "index": 0}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["supported school URN"] == str(deployment.supported_school.urn)
    assert row["led by"] == nle.leader.full_name
    assert row["status"] == "Agreed"
    assert (row["agreed day rate (£)"], row["agreed total cost (£)"], row["agreed days"]) == (
        "450.00",
        "9000.00",
        "20.0",
    )
    assert row["outcome notes"].startswith("'=")  # never run as a formula


def test_agreement_in_the_service_matches_the_admin_money(nle):
    deployment = deployment_in("negotiating", lead=nle)
    record, _ = agreement(deployment, days="2.5", day_rate_pence=47_550)
    assert record.total_cost_pence == int(Decimal("2.5") * 47_550)


def lead_choices(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "deployments", "model_name": "deploymentleader", "field_name": "designation", "term": term},
    )
    assert response.status_code == 200
    return response.json()["results"]


def test_the_lead_is_found_by_autocomplete(curator_client, nle):
    [choice] = lead_choices(curator_client, "Khan")
    school = nle.leader.school
    assert choice == {
        "id": str(nle.pk),
        "text": f"NLE: Amara Khan, {school.name} ({school.local_authority.name}), current roles: NLE",
        "role": "nle",
    }


def test_two_leaders_of_the_same_name_are_told_apart_in_a_few_queries(curator_client, django_assert_max_num_queries):
    """ "Hannah Carter", "Hannah Carter": each choice names the school, its local authority and the current roles."""
    leeds = LocalAuthorityFactory(name="Leeds")
    first = DesignationFactory(
        leader__first_name="Hannah",
        leader__last_name="Carter",
        leader__school__name="Oakfield Primary School",
        leader__school__local_authority=leeds,
    )
    SLEDesignationFactory(leader=first.leader)
    second = DesignationFactory(
        leader__first_name="Hannah", leader__last_name="Carter", leader__school__name="Moor End Academy"
    )
    for _ in range(10):
        DesignationFactory(leader__last_name="Carter")
    with django_assert_max_num_queries(12):
        choices = {choice["id"]: choice["text"] for choice in lead_choices(curator_client, "Hannah Carter")}
    assert choices[str(first.pk)] == ("NLE: Hannah Carter, Oakfield Primary School (Leeds), current roles: NLE, SLE")
    other_la = second.leader.school.local_authority.name
    assert choices[str(second.pk)] == f"NLE: Hannah Carter, Moor End Academy ({other_la}), current roles: NLE"


def test_the_kinds_are_grouped_by_role_and_a_kind_of_another_role_is_refused(admin_client, sle, school):
    page = admin_client.get(url("deployment_add")).content.decode()
    sle_kind = kind("sle-coaching")
    assert f'<optgroup label="{sle_kind.role.name}">' in page
    assert f'<option value="{sle_kind.pk}" data-role="sle">{sle_kind.name}</option>' in page
    assert "deployments/kind_filter.js" in page
    response = admin_client.post(
        url("deployment_add"),
        {
            "kind": kind("nle-alongside-own-staff").pk,
            "lead": sle.pk,
            "requested_on": "2024-01-15",
            "supported_school": school.pk,
        },
    )
    assert "is support from national leaders of education" in response.content.decode()
    # The chosen lead, shown again with the error, is labelled as the autocomplete labels it.
    assert f'<option value="{sle.pk}" selected>{escape(designation_label(sle))}</option>' in response.content.decode()
    assert not Deployment.objects.exists()


@pytest.mark.parametrize("model", ["deployment", "negotiationrecord", "deploymentkind"])
def test_changelists_load(admin_client, nle, model):
    deployment_in("agreed", lead=nle)
    response = admin_client.get(url(f"{model}_changelist"))
    assert response.status_code == 200


def test_a_negotiation_records_own_history(admin_client, nle):
    record = deployment_in("agreed", lead=nle).negotiation_records.first()
    response = admin_client.get(url("negotiationrecord_history", record.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<strong>Day rate</strong>: £500.00" in content
    assert f"<strong>Deployment</strong>: {record.deployment}" in content
    assert "<strong>Kind</strong>: Proposal" in content and "<strong>Recorded on</strong>: 20 January 2024" in content


# Two curators on one deployment: a form opened before someone else's save is refused (audit.admin_concurrency)

STALE = "Someone else changed this deployment"


@pytest.fixture
def second_client(db):
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("second.curator", "second@education.gov.uk"))
    return client


def test_a_stale_deployment_form_is_refused_and_the_first_change_stays(admin_client, second_client, nle):
    deployment = deployment_in("requested", lead=nle)
    page = admin_client.get(url("deployment_change", deployment.pk))
    assert f'<input type="hidden" name="opened_version" value="{deployment.version}"' in page.content.decode()
    first = form_data(page)
    second = form_data(second_client.get(url("deployment_change", deployment.pk)))

    first["national_support_school_staff"] = "Deputy head"
    assert admin_client.post(url("deployment_change", deployment.pk), first).status_code == 302
    second["time_notes"] = "Mornings only"
    response = second_client.post(url("deployment_change", deployment.pk), second)

    assert response.status_code == 200
    assert STALE in " ".join(response.context["adminform"].form.non_field_errors())
    deployment.refresh_from_db()
    assert (deployment.national_support_school_staff, deployment.time_notes) == ("Deputy head", "")


def test_a_form_opened_before_a_negotiation_record_was_added_adds_nothing(admin_client, second_client, nle):
    deployment = deployment_in("negotiating", lead=nle)
    page = second_client.get(step_url(deployment, "counter_proposal"))
    stale = {
        "opened_version": page.context["form"].initial["opened_version"],
        "recorded_on": "2024-01-23",
        "proposed_by": "supported_school",
        "free_days": "0",
        "day_rate_pounds": "300",
    }

    assert add_record(admin_client, deployment, day_rate_pounds="450", days="10").status_code == 200
    records = list(deployment.negotiation_records.values_list("pk", flat=True))
    response = second_client.post(step_url(deployment, "counter_proposal"), stale)

    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert list(deployment.negotiation_records.values_list("pk", flat=True)) == records
    # The time given is that of the other curator's save, which changed only the deployment's records.
    deployment.refresh_from_db()
    assert f"{STALE} at {timezone.localtime(deployment.updated_at):%H:%M} after" in response.content.decode()


def test_changing_a_review_stage_moves_its_deployments_version(reviewer):
    deployment = request_support(lead=reviewer, code="pupil-premium-review")
    version = Deployment.objects.get(pk=deployment.pk).version
    stage = services.review_stage_record(
        deployment=deployment, stage="initial_discussion", scheduled_on=datetime.date(2024, 1, 29)
    )
    services.review_stage_change(
        review_stage=stage, scheduled_on=datetime.date(2024, 1, 30), completed_on=None, days=None
    )
    assert Deployment.objects.get(pk=deployment.pk).version == version + 2


# The negotiation: one step at a time on its own page, read as a timeline on the deployment's page


def test_each_step_is_recorded_on_its_own_page_and_read_as_a_timeline(curator_client, nle):
    deployment = deployment_in("requested", lead=nle)
    page = curator_client.get(url("deployment_change", deployment.pk)).content.decode()
    assert "Nothing recorded yet." in page
    for kind_ in ("proposal", "counter_proposal", "agreement", "withdrawal"):
        assert step_url(deployment, kind_) in page

    add_record(curator_client, deployment, day_rate_pounds="650", days="10", notes="Two weeks in March")
    add_record(
        curator_client, deployment, "counter_proposal", proposed_by="supported_school", day_rate_pounds="450", days="8"
    )
    # The agreement starts from the latest terms, and asks whose terms they were, not who "proposed" it.
    form = curator_client.get(step_url(deployment, "agreement")).context["form"]
    assert form.initial["day_rate_pounds"] == Decimal("450.00") and form.initial["days"] == Decimal("8")
    assert form.fields["proposed_by"].label == "Whose terms were agreed"
    response = add_record(
        curator_client, deployment, "agreement", proposed_by="supported_school", day_rate_pounds="450", days="8"
    )
    assert "Agreement recorded." in messages_in(response) and "The deployment is now agreed." in messages_in(response)

    page = curator_client.get(url("deployment_change", deployment.pk)).content.decode()
    timeline = page[page.index('id="negotiation"') :]
    assert "22 January 2024: Proposal</strong>\n          from the system leader or their school" in timeline
    assert "10 days, at £650.00 a day, total £6,500.00" in timeline
    assert "Day rate outside £300 to £500" in timeline and "Two weeks in March" in timeline
    assert "Agreement</strong>\n          on the terms of the supported school or trust" in timeline
    # Once agreed, only a withdrawal is open: no empty row or form is left for another agreement.
    assert step_url(deployment, "withdrawal") in page
    assert step_url(deployment, "agreement") not in page and step_url(deployment, "proposal") not in page
    response = curator_client.get(step_url(deployment, "agreement"), follow=True)
    assert "“record the agreement” is not open" in " ".join(messages_in(response))
    assert deployment.negotiation_records.count() == 3


def test_a_withdrawal_asks_only_who_when_and_why_and_cancels(curator_client, nle):
    deployment = deployment_in("negotiating", lead=nle)
    form = curator_client.get(step_url(deployment, "withdrawal")).context["form"]
    assert set(form.fields) == {"opened_version", "recorded_on", "proposed_by", "notes"}
    assert form.fields["proposed_by"].label == "Withdrawn by"
    add_record(curator_client, deployment, "withdrawal", proposed_by="supported_school", notes="A new head")
    deployment.refresh_from_db()
    assert (deployment.status, deployment.outcome) == ("cancelled", "not_started")


def test_a_step_with_errors_records_nothing_and_says_why(curator_client, nle):
    deployment = deployment_in("negotiating", lead=nle)
    response = add_record(curator_client, deployment, "agreement", days="", payer="", day_rate_pounds="-1")
    content = response.content.decode()
    assert response.status_code == 200 and "Nothing was recorded." in content
    assert "Ensure this value is greater than or equal to 0" in content
    assert deployment.negotiation_records.count() == 1
    assert curator_client.get(step_url(deployment, "bargain")).status_code == 403


def test_a_viewer_cannot_record_a_step(client, nle):
    deployment = deployment_in("negotiating", lead=nle)
    viewer = get_user_model().objects.create_user(username="vic.viewer", password="not-a-secret", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_deployment", "view_negotiationrecord"]))
    client.force_login(viewer)
    page = client.get(url("deployment_change", deployment.pk)).content.decode()
    assert "Proposal</strong>" in page and step_url(deployment) not in page
    assert client.post(step_url(deployment), {"recorded_on": "2024-01-22", "proposed_by": "dfe"}).status_code == 403
    assert deployment.negotiation_records.count() == 1


def test_the_day_rate_flag_stays_on_the_record_in_lists_and_filters(admin_client, nle, sle):
    high = deployment_in("negotiating", lead=nle)
    agreement(high, day_rate_pence=65_000)
    typical = deployment_in("agreed", lead=DesignationFactory())  # at £450
    changelist = url("deployment_changelist")

    content = admin_client.get(changelist).content.decode()
    assert '£650.00 <strong class="day-rate-flag">outside £300 to £500</strong>' in content
    outside = admin_client.get(changelist, {"day_rate": "outside"}).context["cl"].result_list
    assert [d.pk for d in outside] == [high.pk]
    assert [d.pk for d in admin_client.get(changelist, {"day_rate": "typical"}).context["cl"].result_list] == [
        typical.pk
    ]
    page = admin_client.get(url("deployment_change", high.pk)).content.decode()
    assert "Day rate outside £300 to £500" in page

    records = admin_client.get(url("negotiationrecord_changelist"), {"day_rate": "outside"}).context["cl"].result_list
    assert [(r.deployment_id, r.day_rate_pence) for r in records] == [(high.pk, 65_000)]


def test_the_history_names_people_and_schools_and_reads_choices_as_words(admin_client, nle):
    """Not "leader: 2583": a related record by its name, a choice by its label, a flag as Yes or No."""
    deployment = deployment_in("negotiating", lead=nle)
    content = admin_client.get(url("deployment_history", deployment.pk)).content.decode()
    assert f"<strong>Designation</strong>: {nle}" in content
    assert f"<strong>Supported school</strong>: {deployment.supported_school}" in content
    assert "<strong>Proposed by</strong>: The system leader or their school" in content
    assert "<strong>Is lead</strong>: Yes" in content
    assert f"<strong>Designation</strong>: {nle.pk}<" not in content
    assert "<strong>Status</strong>: Requested → Negotiating" in content


def test_the_list_names_each_kind_with_its_role_and_filters_by_it(admin_client, nle, sle):
    nle_deployment = deployment_in("requested", lead=nle)
    changelist = url("deployment_changelist")
    content = admin_client.get(changelist).content.decode()
    nle_kind = kind("nle-alongside-own-staff")
    assert f"NLE: {nle_kind.name}" in content and f"SLE: {kind('sle-coaching').name}" in content
    filtered = admin_client.get(changelist, {"kind": nle_kind.pk}).context["cl"].result_list
    assert [d.pk for d in filtered] == [nle_deployment.pk]
    assert not admin_client.get(changelist, {"kind": kind("sle-coaching").pk}).context["cl"].result_list
    assert admin_client.get(changelist, {"kind": "not-a-kind"}).status_code == 200


def test_a_change_record_page_reads_in_words(admin_client, nle):
    deployment = deployment_in("requested", lead=nle)
    record = ChangeRecord.objects.for_object(deployment.leaders.get()).get()
    content = admin_client.get(reverse("admin:audit_changerecord_change", args=[record.pk])).content.decode()
    assert f"<strong>Designation</strong>: – → {nle}" in content


def test_a_designation_not_in_force_says_so_in_its_choice(curator_client):
    ended = SLEDesignationFactory(
        leader__first_name="Hannah",
        leader__last_name="Carter",
        designated_on=datetime.date(2018, 9, 1),
        ended_on=datetime.date(2023, 8, 31),
        end_reason="stepped_down",
    )
    [choice] = lead_choices(curator_client, "Carter")
    assert choice["id"] == str(ended.pk)
    assert choice["text"].startswith("SLE (ended): Hannah Carter, ") and choice["text"].endswith("current roles: none")
