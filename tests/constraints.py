"""Testing a model's named constraints both ways: `full_clean()` words each for a person, and the database refuses a
raw save. Test modules list one `ConstraintCase` per way of breaking a constraint and parametrize over them."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


@dataclass
class ConstraintCase:
    """An invalid instance (built, not saved), where full_clean() reports it, and the constraint the database names."""

    constraint: str
    build: Callable
    field: str
    message: str
    # SQLite does not name a unique constraint in its error, so only check constraints are matched by name.
    named_by_database: bool = True

    def __str__(self):
        return f"{self.constraint}-{self.field}"


def assert_full_clean_words_it(case: ConstraintCase) -> None:
    instance = case.build()
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    messages = raised.value.message_dict
    assert case.field in messages, messages
    assert any(case.message in message for message in messages[case.field]), messages
    every_message = [message for field_messages in messages.values() for message in field_messages]
    assert not any(message.startswith("Constraint “") for message in every_message), messages


def assert_database_refuses_it(case: ConstraintCase) -> None:
    instance = case.build()
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        instance.save()
    if case.named_by_database:
        assert case.constraint in str(raised.value)


def constraint_names(*models) -> set[str]:
    return {constraint.name for model in models for constraint in model._meta.constraints}
