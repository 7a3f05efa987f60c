"""The values the services take: a time commitment's fields, days as Decimal and money as whole pence (a float is
refused, so that no binary fraction reaches the money)."""

from decimal import Decimal

from django.core.exceptions import ValidationError

TIME_COMMITMENT_FIELDS = (
    "total_days",
    "pattern",
    "days_per_week_min",
    "days_per_week_max",
    "period_weeks",
    "by_phone",
    "by_email",
    "face_to_face",
    "time_notes",
)


def _check_time_commitment_names(function: str, values: dict) -> None:
    unknown = sorted(set(values) - set(TIME_COMMITMENT_FIELDS))
    if unknown:
        raise TypeError(f"{function}() got unexpected keyword argument(s): {', '.join(unknown)}")


def _time_commitment_values(values: dict) -> dict:
    cleaned = dict(values)
    for name in ("total_days", "days_per_week_min", "days_per_week_max"):
        if name in cleaned:
            cleaned[name] = _decimal(cleaned[name], name)
    for name in ("by_phone", "by_email", "face_to_face"):
        if name in cleaned:
            cleaned[name] = bool(cleaned[name])
    for name in ("pattern", "time_notes"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


def _decimal(value, name: str) -> Decimal | None:
    """Days as Decimal; a float is refused so that no binary fraction reaches the money."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError(f"{name} must be a Decimal, an int or a string, not a float")
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({name: "Enter a number, like 2.5"}) from None


def _pence(value, name: str) -> int | None:
    """Money in whole pence: an int (or a Decimal with no fraction). A float is refused."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError(f"{name} must be whole pence as an int, not a float")
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise ValidationError({name: "Enter an amount in whole pence"})
        return int(value)
    return int(value)


def _days(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"
