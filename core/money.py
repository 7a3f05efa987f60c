"""Money, held everywhere as whole pence, written for people in one way.

GOV.UK style on the public pages and the portal: £450, £450.50, £1,750. The admin's tables and change history
line their figures up with the pence always shown (`with_pence`): £4,500.00."""

from decimal import Decimal


def pounds(pence: int | Decimal | str | None, *, with_pence: bool = False, empty: str = "") -> str:
    if pence is None or pence == "":
        return empty
    whole, part = divmod(abs(int(pence)), 100)
    sign = "-" if int(pence) < 0 else ""
    if part or with_pence:
        return f"{sign}£{whole:,}.{part:02d}"
    return f"{sign}£{whole:,}"
