import pytest
from django.urls import reverse

from postcodes.models import OutwardCode, Postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_postcodes():
    for postcode in ["LS1 1AZ", "LS1 1BA", "LS11 5AA"]:
        Postcode.objects.create(postcode=postcode, positional_quality=10, easting=428811, northing=433420)
    OutwardCode.objects.create(code="LS1", easting=428811, northing=433420, postcode_count=2)


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("ls11az", ["LS1 1AZ"]),
        ("LS1", ["LS1 1AZ", "LS1 1BA"]),  # an outward code: its postcodes, not LS11's
        ("LS1 1", ["LS1 1AZ", "LS1 1BA"]),  # not a postcode: the start of one
    ],
)
def test_search_postcodes(admin_client, some_postcodes, search, found):
    response = admin_client.get(reverse("admin:postcodes_postcode_changelist"), {"q": search})
    assert response.status_code == 200
    assert [postcode.pk for postcode in response.context["cl"].result_list] == found


@pytest.mark.parametrize("model", ["postcode", "outwardcode", "postcodeareafile"])
def test_read_only(admin_client, some_postcodes, model):
    assert admin_client.get(reverse(f"admin:postcodes_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:postcodes_{model}_add")).status_code == 403
    response = admin_client.get(reverse("admin:postcodes_postcode_change", args=["LS1 1AZ"]))
    assert response.status_code == 200
    assert b'name="easting"' not in response.content  # shown, not editable
    assert admin_client.post(reverse("admin:postcodes_postcode_delete", args=["LS1 1AZ"])).status_code == 403
