import pytest

from deployments.models import DeploymentKind
from roles.models import FocusArea, Role, Specialism


@pytest.mark.django_db
def test_every_role_is_loaded():
    assert set(Role.objects.values_list("code", flat=True)) == set(Role.Code.values)


@pytest.mark.django_db
def test_specialisms_are_exactly_the_guidance_table():
    counts = {area.name: area.specialisms.count() for area in FocusArea.objects.all()}
    assert counts == {
        "Leadership and management": 5,
        "Pupil achievement": 19,
        "Quality of teaching": 1,
        "Behaviour and safety": 2,
    }
    assert Specialism.objects.filter(name="Phonics", focus_area__name="Pupil achievement").exists()


@pytest.mark.django_db
def test_nlg_programme_is_closed_and_governance_review_needs_training():
    nlg = Role.objects.get(code=Role.Code.NLG)
    assert nlg.is_programme_closed
    assert nlg.programme_changed_on.year == 2023
    review = DeploymentKind.objects.get(code="nlg-governance-review")
    assert review.needs_governance_review_training
    assert set(nlg.deployment_kinds.values_list("code", flat=True)) >= {"nlg-mentoring", "nlg-interim-executive-board"}
