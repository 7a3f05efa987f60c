"""What keeps building a public page cheap in Python's strings (issue #14): each template's globals a dict of its own,
a function a page calls called directly, and the markup around what people typed in ASCII."""

from unittest import mock

import jinja2
import pytest
from django.template import engines

from schools.models import School


def test_a_jinja_templates_globals_are_a_dict_of_the_environments_own():
    """A ChainMap over the environment's globals (Jinja's default) is copied name by name, in Python, every time a
    page renders."""
    environment = engines["jinja2"].env
    template = environment.get_template("directory/search.html")
    assert type(template.globals) is dict
    assert template.globals["url"] is environment.globals["url"]
    assert environment.get_template("directory/search.html", globals={"extra": 1}).globals["extra"] == 1
    assert "extra" not in environment.globals


def test_a_function_a_page_calls_is_called_directly_and_one_asking_for_the_context_still_gets_it():
    environment = engines["jinja2"].env

    def plain(text, *, end="."):
        return text + end

    @jinja2.pass_context
    def with_context(context, name):
        return context[name]

    def stops():
        raise StopIteration

    template = environment.from_string(
        "{{ plain('a') }} {{ plain('b', end='!') }} {{ with_context('x') }} {{ stops() }}"
    )
    with mock.patch.object(jinja2.utils._PassArg, "from_obj", wraps=jinja2.utils._PassArg.from_obj) as looked_up:
        assert template.render(plain=plain, with_context=with_context, stops=stops, x="seen") == "a. b! seen "
    assert looked_up.call_count == 2  # with_context() only: the function, then its __call__


@pytest.fixture
def pages(world):
    return {
        "search": "/search/?postcode=LS6+1EN&radius=5",
        "teaching school": f"/teaching-schools/{world.spring_bank.urn}/",
        "school": f"/schools/{world.brudenell.urn}/",
        "leader": f"/leaders/{world.nle.leader_id}/",
    }


@pytest.mark.parametrize("page", ["search", "teaching school", "school", "leader"])
def test_a_public_pages_own_markup_is_ascii(client, pages, page):
    """One character past ASCII anywhere in a page (a dash, the copyright sign) makes Python keep the whole page, and
    every piece joined into it, at one or two bytes a character and encode it character by character: the template's
    own text uses HTML's named characters instead (&ndash;, &copy;). These pages' data is ASCII too."""
    html = client.get(pages[page]).content.decode()
    assert html.isascii(), sorted({character for character in html if not character.isascii()})
    assert "&ndash; GOV.UK</title>" in html and "&copy; Crown copyright" in html


def test_an_empty_date_in_a_table_of_designations_is_a_dash(client, world):
    html = client.get(f"/schools/{world.brudenell.urn}/").content.decode()
    assert '<td class="govuk-table__cell">&ndash;</td>' in html


def test_the_ofsted_rating_is_named_from_its_choices(world):
    school = School(ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT)
    assert school.get_ofsted_rating_display() == "Requires improvement"
    assert School(ofsted_rating="unknown").get_ofsted_rating_display() == "unknown"  # as Django's would
