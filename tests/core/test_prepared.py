"""core.prepared: a read compiled once gives, for any values, what the queryset built from them gives (on SQLite and,
in the PostgreSQL run, on PostgreSQL)."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, OuterRef, Subquery

from core.prepared import Ids, PreparedRead, PreparedReadError, prepared_read
from roles.models import Capacity, Designation, Role, SystemLeader
from tests.factories import DesignationFactory, SystemLeaderFactory, role

pytestmark = pytest.mark.django_db

AUTUMN = datetime.date(2026, 9, 1)
SPRING = datetime.date(2027, 1, 1)


def leaders_with_days_free(pk, term_starts_on):
    return (
        SystemLeader.objects.select_related("school__local_authority")
        .annotate(
            days_free=Subquery(
                Capacity.objects.in_term(term_starts_on)
                .filter(leader=OuterRef("pk"))
                .order_by()
                .values("days_free")[:1]
            ),
            designations_held=Count("designations"),
        )
        .filter(pk__gte=pk)
        .order_by("pk")
    )


def designation_roles(leader_id):
    return Designation.objects.filter(leader_id=leader_id).order_by("role__position").values_list("role__name", "pk")


def seen(leader):
    school = leader.school
    return (leader.pk, school.urn, school.local_authority.name, leader.days_free, leader.designations_held)


def test_every_call_gives_what_the_queryset_gives(db):
    first, second = DesignationFactory().leader, DesignationFactory(role=role(Role.Code.LLE)).leader
    DesignationFactory(leader=second)
    Capacity.objects.create(leader=first, term_starts_on=AUTUMN, days_free=Decimal("2.5"))
    Capacity.objects.create(leader=second, term_starts_on=SPRING, days_free=Decimal("4"))
    read = PreparedRead(leaders_with_days_free, kinds=(int, datetime.date))

    for pk in (first.pk, second.pk, second.pk + 1):
        for term in (AUTUMN, SPRING):
            assert [seen(leader) for leader in read(pk, term)] == [
                seen(leader) for leader in leaders_with_days_free(pk, term)
            ]
    assert [seen(leader) for leader in read(first.pk, AUTUMN)][0][3] == Decimal("2.5")
    assert [seen(leader) for leader in read(first.pk, SPRING)][1][3] == Decimal("4")


def test_values_lists_and_the_decorator():
    read = prepared_read(int)(designation_roles)
    leader = DesignationFactory().leader
    DesignationFactory(leader=leader, role=role(Role.Code.LLE))

    assert read(leader.pk) == list(designation_roles(leader.pk))
    assert len(read(leader.pk)) == 2
    assert read(SystemLeaderFactory().pk) == []


def test_the_sql_is_compiled_once(django_assert_num_queries):
    built = []
    read = PreparedRead(lambda pk: built.append(pk) or designation_roles(pk), kinds=(int,))
    leader = DesignationFactory().leader
    read(leader.pk)
    compiled_with = len(built)  # two sets of placeholders, to check the SQL's shape does not depend on them
    with django_assert_num_queries(1):
        assert len(read(leader.pk)) == 1
    assert len(built) == compiled_with == 2


def test_an_argument_that_is_not_a_parameter_as_given_is_refused():
    read = PreparedRead(lambda pk: SystemLeader.objects.filter(last_name__contains=str(pk)), kinds=(int,))
    with pytest.raises(PreparedReadError):
        read(1)


def test_a_value_of_another_kind_is_refused():
    read = PreparedRead(designation_roles, kinds=(int,))
    with pytest.raises(TypeError):
        read("1")
    with pytest.raises(TypeError):
        read(True)


def test_strings_are_taken_as_the_value_of_a_lookup():
    leader = SystemLeaderFactory(last_name="Okafor")
    read = PreparedRead(
        lambda name: SystemLeader.objects.filter(last_name=name).values_list("pk", flat=True), kinds=(str,)
    )
    assert read("Okafor") == [leader.pk]
    assert read("Nobody") == []
    with pytest.raises(TypeError):
        read(1)


def test_only_whole_numbers_dates_strings_and_ids_are_taken():
    with pytest.raises(PreparedReadError):
        PreparedRead(lambda amount: SystemLeader.objects.filter(pk=amount), kinds=(float,))(1.0)
    with pytest.raises(PreparedReadError):
        PreparedRead(designation_roles, kinds=(int, int))


def designations_with_ids(ids):
    return Designation.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)


def test_ids_are_sent_as_one_shape_and_more_or_none_run_the_queryset(django_assert_num_queries):
    pks = [DesignationFactory().pk for _ in range(5)]
    read = PreparedRead(designations_with_ids, kinds=(Ids(3),))

    assert read(pks[:1]) == pks[:1]
    assert read([pks[4], pks[0], pks[2]]) == [pks[0], pks[2], pks[4]]
    assert read(pks) == pks  # more than 3: the queryset itself
    with django_assert_num_queries(0):
        assert read([]) == []
    with pytest.raises(TypeError):
        read(["1"])


def test_sql_whose_shape_depends_on_the_values_is_refused():
    read = PreparedRead(
        lambda pk: SystemLeader.objects.filter(pk=pk) if pk % 2 else SystemLeader.objects.filter(pk__gte=pk),
        kinds=(int,),
    )
    with pytest.raises(PreparedReadError):
        read(1)


@pytest.mark.parametrize("pk", [2**31, 2**63, -(2**40)])
def test_a_whole_number_past_a_32_bit_column_finds_nothing_as_the_queryset_would(pk):
    DesignationFactory()
    read = PreparedRead(lambda pk: SystemLeader.objects.filter(pk=pk).values_list("pk", flat=True), kinds=(int,))
    assert read(pk) == []  # an address's id: /leaders/9223372036854775808/ is a 404, not an overflow


def local_leader_designations(leader_id):
    return Designation.objects.filter(leader_id=leader_id, role_id=Role.Code.LLE).values_list("pk", flat=True)


def test_a_choice_in_the_sql_is_sent_as_its_plain_value():
    read = PreparedRead(local_leader_designations, kinds=(int,))
    lle = DesignationFactory(role=role(Role.Code.LLE))
    DesignationFactory(leader=lle.leader)

    assert read(lle.leader_id) == [lle.pk]
    sql, params = read.sql_with_params(lle.leader_id)
    assert Role.Code.LLE.value in params
    assert all(type(param) is not Role.Code for param in params)
