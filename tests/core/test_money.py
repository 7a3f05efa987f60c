import pytest

from core.money import pounds


@pytest.mark.parametrize(
    ("pence", "gov_uk", "admin"),
    [
        (45_000, "£450", "£450.00"),
        (45_050, "£450.50", "£450.50"),
        (175_000, "£1,750", "£1,750.00"),
        (5, "£0.05", "£0.05"),
        (0, "£0", "£0.00"),
        ("35000", "£350", "£350.00"),
        # The portal's copy wrote -50 pence as "£-1.50".
        (-50, "-£0.50", "-£0.50"),
    ],
)
def test_pounds(pence, gov_uk, admin):
    assert pounds(pence) == gov_uk
    assert pounds(pence, with_pence=True) == admin


def test_no_amount():
    assert pounds(None) == pounds("") == ""
    assert pounds(None, empty="–") == "–"


def test_the_portal_filter_and_the_services_write_money_the_same_way():
    from deployments.services.negotiations import pounds as service_pounds
    from portal.templatetags.portal import pounds as portal_pounds

    assert portal_pounds(-50) == service_pounds(-50) == "-£0.50"
