"""Bulk import of designations from a CSV file, with a dry run that lists every row's problems first.

The dry run and the real import run the same code, in one transaction. Everything the rows refer to (schools,
people, their designations, teaching schools', council seats) is read up front in a few queries, whatever the number
of rows; each row is then checked in memory under the services' own rules (roles.services.designation_validate,
given what was read and the file's earlier rows), so a preview finds exactly what the import would refuse, including
rows that clash with earlier rows of the same file. The new people are created in bulk before the designations are
checked, so that each designation refers to its holder; a dry run always rolls back, and a real import rolls back
too unless every row is good. A good file is then written in bulk (people, designations, specialisms), with the
history recorded as single saves would record it (source "import", the file's name) and the directory listing
refreshed once for every holder.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Upper

from audit.context import acting_as
from audit.recording import record_bulk_created
from core.text import is_ascii_number
from roles import services
from roles.models import SCHOOL_ROLES, Designation, Role, Specialism, SystemLeader
from roles.signals import designations_bulk_created
from schools.models import Region, School

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_VALUE_CHARS = 300
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

# The columns a file may have, with what they hold: shown on the import page.
COLUMNS = {
    "role": "Required. The role's code (sle), short name (SLE) or name (Specialist leader of education).",
    "urn": "Required. The URN of the person's school or, for a teaching school or hub, of the school itself.",
    "first_name": "Required for a person.",
    "last_name": "Required for a person.",
    "email": "The person's email. An existing person is found by email, else by name and school.",
    "job_title": "Used only when the person is new.",
    "designated_on": "Required. YYYY-MM-DD or DD/MM/YYYY.",
    "review_due": "YYYY-MM-DD or DD/MM/YYYY, after designated_on.",
    "ended_on": "Only for a designation that has already ended. YYYY-MM-DD or DD/MM/YYYY.",
    "end_reason": "With ended_on: de_designated, stepped_down or lapsed (or their names).",
    "teaching_school_urn": "SLEs (required) and LLEs: the teaching school that designated them.",
    "national_support_school_urn": "NLEs: their national support school.",
    "specialisms": "SLEs (at least one): names or slugs, separated by semicolons.",
    "council_seat": "Teaching Schools Council representatives: regional or peer.",
    "council_region": "Regional representatives: the region's name or code.",
}
REQUIRED_COLUMNS = ("role", "urn", "designated_on")
# Columns the CSV export adds for reading: a file exported from the admin can be uploaded as it is.
EXPORT_ONLY_COLUMNS = (
    "id",
    "status",
    "role_name",
    "school_name",
    "local_authority",
    "region",
    "teaching_school_name",
    "paused_on",
    "pause_reason",
)

# Which column a service's error is about.
FIELD_COLUMNS = {
    "school": "urn",
    "leader": "first_name",
    "teaching_school": "teaching_school_urn",
    "national_support_school": "national_support_school_urn",
}


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    outcome: str = ""

    @property
    def holder(self) -> str:
        name = f"{self.values.get('first_name', '')} {self.values.get('last_name', '')}".strip()
        return name or f"URN {self.values.get('urn', '')}"


@dataclass
class ImportReport:
    filename: str
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    imported: bool = False

    @property
    def rows_with_problems(self) -> list[ImportRow]:
        return [row for row in self.rows if row.problems]

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.problems and not self.rows_with_problems


def designations_import(*, content: bytes | str, filename: str, user=None, dry_run: bool = True) -> ImportReport:
    """Check every row of a CSV file and, unless dry_run, import them all in one transaction, or none."""
    report = ImportReport(filename=filename)
    text = _decode(content, report)
    if text is None:
        return report
    _read(text, report)
    if not report.rows and not report.problems:
        report.problems.append("The file has no designations: add a line under the header for each")
    if report.problems:
        return report
    with acting_as(user, source="import", note=filename), transaction.atomic():
        batch = _Batch(report.rows)
        batch.check(report.rows)
        report.imported = not dry_run and report.can_import
        if report.imported:
            try:
                with transaction.atomic():
                    batch.save()
            except IntegrityError as error:
                report.problems.append(f"The database refused the file, so nothing was imported: {error}")
                report.imported = False
        if not report.imported:
            transaction.set_rollback(True)
    return report


def _decode(content: bytes | str, report: ImportReport) -> str | None:
    if isinstance(content, str):
        return content
    if len(content) > MAX_FILE_BYTES:
        report.problems.append(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split it")
        return None
    if content.startswith(b"PK\x03\x04"):
        report.problems.append(
            "This is an Excel workbook, not a CSV file: in Excel choose Save As, then CSV UTF-8 (Comma delimited)"
        )
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        report.problems.append(
            f"The file is not UTF-8 text (line {line} has a character that is not): "
            "in Excel choose Save As, then CSV UTF-8 (Comma delimited)"
        )
        return None
    if "\x00" in text:
        # Valid UTF-8, but no text file holds one, and PostgreSQL refuses it in a text column.
        line = text[: text.index("\x00")].count("\n") + 1
        report.problems.append(f"The file is not a CSV text file (line {line} has a NUL character)")
        return None
    return text


def _normalise_column(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _read(text: str, report: ImportReport) -> None:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        report.problems.append("The file is empty")
        return
    except csv.Error as error:
        report.problems.append(f"Line 1 cannot be read as CSV: {error}")
        return
    columns = [_normalise_column(name) for name in header]
    duplicated = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicated:
        report.problems.append(f"These columns appear more than once: {', '.join(duplicated)}")
    unknown = [name for name in columns if name and name not in COLUMNS and name not in EXPORT_ONLY_COLUMNS]
    if unknown:
        report.problems.append(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)[:200]}. "
            f"The columns are: {', '.join(COLUMNS)}"
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        report.problems.append(f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    report.ignored_columns = [name for name in columns if name in EXPORT_ONLY_COLUMNS]
    if report.problems:
        return

    last_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.problems.append(f"Line {last_line + 1} cannot be read as CSV: {error}")
            return
        line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(report.rows) == MAX_ROWS:
            report.problems.append(f"The file has more than {MAX_ROWS:,} designations: split it into smaller files")
            return
        values = dict.fromkeys(COLUMNS, "")
        values.update(
            {name: cells[index].strip() for index, name in enumerate(columns) if name in COLUMNS and index < len(cells)}
        )
        row = ImportRow(line=line, values=values)
        if any(cell.strip() for cell in cells[len(columns) :]):
            row.problems.append(f"This row has {len(cells)} values but the header has {len(columns)} columns")
        row.problems.extend(
            f"{name}: longer than {MAX_VALUE_CHARS} characters"
            for name, value in values.items()
            if len(value) > MAX_VALUE_CHARS
        )
        report.rows.append(row)


class _Lookups:
    """Reference rows and the schools the file names, each read once."""

    def __init__(self, rows: list[ImportRow]):
        self.roles = {}
        for role in Role.objects.all():
            for name in (role.code, role.name, role.short_name, role.plural_name):
                self.roles[name.lower()] = role
        self.specialisms = {}
        for specialism in Specialism.objects.all():
            self.specialisms[specialism.slug.lower()] = specialism
            self.specialisms[specialism.name.lower()] = specialism
        self.regions = {}
        for region in Region.objects.all():
            self.regions[region.name.lower()] = region
            self.regions[region.code.lower()] = region
        urns = {
            int(row.values[name])
            for row in rows
            for name in ("urn", "teaching_school_urn", "national_support_school_urn")
            if is_ascii_number(row.values[name]) and len(row.values[name]) < 10
        }
        self.schools = School.objects.in_bulk(urns, field_name="urn")


def _choice(value: str, choices) -> str | None:
    """A TextChoices value given as its value or its label, in any case."""
    value = value.strip().lower()
    for choice_value, label in choices.choices:
        if value in (choice_value, label.lower()):
            return choice_value
    return None


def _parse(row: ImportRow, lookups: _Lookups) -> dict:
    """The row's values as the objects the services take; problems go on the row."""
    values, problems = row.values, row.problems
    parsed: dict = {"line": row.line, "values": values}

    def date(name: str, *, required: bool = False) -> datetime.date | None:
        value = values[name]
        if not value:
            if required:
                problems.append(f"{name}: enter the date")
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(value, date_format).date()
            except ValueError:
                pass
        problems.append(f"{name}: '{value[:30]}' is not a real date: use YYYY-MM-DD or DD/MM/YYYY")
        return None

    def school(name: str, *, required: bool = False) -> School | None:
        value = values[name]
        if not value:
            if required:
                problems.append(f"{name}: enter the URN")
            return None
        if not is_ascii_number(value):
            problems.append(f"{name}: '{value[:30]}' is not a URN: a URN is a number, like 100000")
            return None
        found = lookups.schools.get(int(value)) if len(value) < 10 else None
        if found is None:
            problems.append(f"{name}: there is no school with URN {value}")
        return found

    role = None
    if not values["role"]:
        problems.append("role: enter the role")
    else:
        role = lookups.roles.get(values["role"].lower())
        if role is None:
            problems.append(f"role: unknown role '{values['role'][:50]}': use a code such as sle or nle")
    parsed["role"] = role
    parsed["school"] = school("urn", required=True)
    parsed["designated_on"] = date("designated_on", required=True)
    parsed["review_due"] = date("review_due")
    parsed["ended_on"] = date("ended_on")
    parsed["teaching_school"] = school("teaching_school_urn")
    parsed["national_support_school"] = school("national_support_school_urn")

    start, review, end = parsed["designated_on"], parsed["review_due"], parsed["ended_on"]
    if start and end and end < start:
        problems.append("ended_on: the designation cannot end before it starts (designated_on)")
    if start and review and review <= start:
        problems.append("review_due: the review must be after the designation date (designated_on)")

    parsed["end_reason"] = ""
    if values["end_reason"]:
        parsed["end_reason"] = _choice(values["end_reason"], Designation.EndReason) or ""
        if not parsed["end_reason"]:
            problems.append(
                f"end_reason: unknown reason '{values['end_reason'][:50]}': use de_designated, stepped_down or lapsed"
            )
    if end and not values["end_reason"]:
        problems.append("end_reason: say why the designation ended")
    if values["end_reason"] and not values["ended_on"]:
        problems.append("ended_on: enter the date the designation ended, or leave end_reason blank")

    parsed["specialisms"] = []
    for name in (name.strip() for name in values["specialisms"].split(";")):
        specialism = lookups.specialisms.get(name.lower())
        if specialism is None and name:
            problems.append(f"specialisms: unknown specialism '{name[:80]}'")
        elif specialism is not None and specialism not in parsed["specialisms"]:
            parsed["specialisms"].append(specialism)

    parsed["council_seat"] = ""
    if values["council_seat"]:
        parsed["council_seat"] = _choice(values["council_seat"], Designation.CouncilSeat) or ""
        if not parsed["council_seat"]:
            problems.append(f"council_seat: unknown seat '{values['council_seat'][:50]}': use regional or peer")
    parsed["council_region"] = None
    if values["council_region"]:
        parsed["council_region"] = lookups.regions.get(values["council_region"].lower())
        if parsed["council_region"] is None:
            problems.append(f"council_region: unknown region '{values['council_region'][:50]}'")

    if role is not None:
        _check_role_columns(role, parsed, values, problems)
    return parsed


def _check_role_columns(role: Role, parsed: dict, values: dict, problems: list[str]) -> None:
    """The columns each kind of role needs, worded for the person fixing the file."""
    if role.code in SCHOOL_ROLES:
        given = [name for name in ("first_name", "last_name", "email", "job_title") if values[name]]
        if given:
            problems.append(f"{', '.join(given)}: a {role.name.lower()} is a school, not a person: leave blank")
    else:
        for name in ("first_name", "last_name"):
            if not values[name]:
                problems.append(f"{name}: enter the person's {name.replace('_', ' ')}")
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                problems.append(f"email: '{values['email'][:50]}' is not an email address")
    if role.code == Role.Code.SLE:
        if not values["teaching_school_urn"]:
            problems.append("teaching_school_urn: an SLE needs the URN of the teaching school that designated them")
        if not values["specialisms"]:
            problems.append("specialisms: an SLE needs at least one specialism (names or slugs, separated by ;)")
    elif values["specialisms"]:
        problems.append("specialisms: only SLEs have specialisms")
    if role.code not in (Role.Code.SLE, Role.Code.LLE) and values["teaching_school_urn"]:
        problems.append("teaching_school_urn: only SLEs and LLEs are designated by a teaching school")
    if role.code != Role.Code.NLE and values["national_support_school_urn"]:
        problems.append("national_support_school_urn: only an NLE has a national support school")
    if role.code == Role.Code.TSC_REPRESENTATIVE:
        if not values["council_seat"]:
            problems.append("council_seat: enter regional or peer")
        elif parsed["council_seat"] == Designation.CouncilSeat.REGIONAL and not values["council_region"]:
            problems.append("council_region: enter the region this representative covers")
    elif values["council_seat"] or values["council_region"]:
        problems.append("council_seat: only a Teaching Schools Council representative has a council seat")


def _duplicate_key(parsed: dict) -> tuple:
    values = parsed["values"]
    if parsed["role"].code in SCHOOL_ROLES:
        holder = ("school", parsed["school"].pk)
    elif values["email"]:
        holder = ("email", values["email"].lower())
    else:
        holder = ("name", values["first_name"].lower(), values["last_name"].lower(), parsed["school"].pk)
    return (parsed["role"].code, holder, parsed["designated_on"])


# Checked by the rules in Python: the objects come from the lookups, so their rows exist.
FOREIGN_KEYS = ["role", "leader", "school", "teaching_school", "national_support_school", "council_region"]


def _holder(role: Role, leader: SystemLeader | None, school: School | None) -> tuple:
    return (role.pk, "school", school.pk) if role.code in SCHOOL_ROLES else (role.pk, "leader", leader.pk)


class _Batch:
    """One file's designations, checked together: what the rows refer to is read once, up front, and each row is
    checked in memory against it and against the file's earlier rows."""

    def __init__(self, rows: list[ImportRow]):
        self.lookups = _Lookups(rows)
        self.leaders_by_email: dict[str, list[SystemLeader]] = {}
        self.leaders_by_name: dict[tuple, list[SystemLeader]] = {}
        self.new_leaders: list[SystemLeader] = []
        # What designation_validate compares with, and the open designation of each (role, holder).
        self.others: list[Designation] = []
        self.open: dict[tuple, Designation] = {}
        self.designations: list[tuple[Designation, list[Specialism]]] = []

    def check(self, rows: list[ImportRow]) -> None:
        """Put each row's problems on it; a row without problems has its outcome."""
        checked, first_line_of = [], {}
        for row in rows:
            parsed = _parse(row, self.lookups)
            if row.problems:
                continue
            key = _duplicate_key(parsed)
            if key in first_line_of:
                row.problems.append(f"Same designation as line {first_line_of[key]}")
                continue
            first_line_of[key] = row.line
            checked.append((row, parsed))
        self._read_people([parsed for _, parsed in checked])
        for row, parsed in checked:
            try:
                parsed["leader"], parsed["who"] = self._person(parsed)
            except ValidationError as error:
                row.problems.extend(_messages(error))
        # Created now so that designations refer to them; rolled back with the rest unless the file is imported.
        SystemLeader.objects.bulk_create(self.new_leaders)
        self._read_designations([parsed for row, parsed in checked if not row.problems])
        for row, parsed in checked:
            if row.problems:
                continue
            try:
                row.outcome = self._designate(parsed)
            except ValidationError as error:
                row.problems.extend(_messages(error))

    def save(self) -> None:
        designations = [designation for designation, _ in self.designations]
        Designation.objects.bulk_create(designations)
        through = Designation.specialisms.through
        through.objects.bulk_create(
            through(designation_id=designation.pk, specialism_id=specialism.pk)
            for designation, specialisms in self.designations
            for specialism in specialisms
        )
        record_bulk_created(self.new_leaders)
        record_bulk_created(
            designations,
            m2m_added={designation: {"specialisms": specialisms} for designation, specialisms in self.designations},
        )
        designations_bulk_created.send(sender=Designation, designations=designations)

    def _read_people(self, rows: list[dict]) -> None:
        """Everyone the file may name, by email and by name at their school: two queries."""
        people = [parsed for parsed in rows if parsed["role"].code not in SCHOOL_ROLES]
        emails = {parsed["values"]["email"].upper() for parsed in people if parsed["values"]["email"]}
        by_email = SystemLeader.objects.annotate(email_key=Upper("email")).filter(email_key__in=emails)
        for leader in by_email.select_related("school"):
            self.leaders_by_email.setdefault(leader.email.upper(), []).append(leader)
        schools = {parsed["school"].pk for parsed in people}
        for leader in SystemLeader.objects.filter(school_id__in=schools).select_related("school"):
            key = (leader.first_name.upper(), leader.last_name.upper(), leader.school_id)
            self.leaders_by_name.setdefault(key, []).append(leader)

    def _person(self, parsed: dict) -> tuple[SystemLeader | None, str]:
        """The person the row names: matched by email, else by name and school, else new (not saved yet)."""
        values, school = parsed["values"], parsed["school"]
        if parsed["role"].code in SCHOOL_ROLES:
            return None, f"{school.name} (URN {school.urn})"
        first_name, last_name, email = values["first_name"], values["last_name"], values["email"]
        if email:
            matches = self.leaders_by_email.get(email.upper(), [])
            if len(matches) > 1:
                raise ValidationError(
                    {"email": f"More than one person has the email {email}: designate them in the admin"}
                )
            if matches:
                leader = matches[0]
                if (leader.first_name.lower(), leader.last_name.lower()) != (first_name.lower(), last_name.lower()):
                    raise ValidationError(
                        {"email": f"{email} belongs to {leader.full_name}, not {first_name} {last_name}"}
                    )
                return leader, f"{leader.full_name}, already listed at {leader.school.name}"
        name_key = (first_name.upper(), last_name.upper(), school.pk)
        matches = self.leaders_by_name.get(name_key, [])
        if len(matches) > 1:
            raise ValidationError(
                {"first_name": f"More than one {first_name} {last_name} works at {school.name}: add their email"}
            )
        if matches:
            return matches[0], f"{matches[0].full_name}, already listed at {school.name}"
        # As services.system_leader_create makes them (the values are already stripped).
        leader = SystemLeader(
            school=school, first_name=first_name, last_name=last_name, job_title=values["job_title"], email=email
        )
        leader.full_clean(exclude=["school"], validate_unique=False, validate_constraints=False)
        self.new_leaders.append(leader)
        self.leaders_by_name[name_key] = [leader]
        if email:
            self.leaders_by_email[email.upper()] = [leader]
        return leader, f"{leader.full_name}, new person at {school.name}"

    def _read_designations(self, rows: list[dict]) -> None:
        """The designations the rules compare with: the people's, the schools' (as holders and as designating
        teaching schools) and, if the file has council representatives, theirs. One query."""
        leaders = {parsed["leader"].pk for parsed in rows if parsed["leader"] is not None}
        schools = {parsed["school"].pk for parsed in rows if parsed["role"].code in SCHOOL_ROLES}
        schools |= {parsed["teaching_school"].pk for parsed in rows if parsed["teaching_school"] is not None}
        wanted = Q(leader_id__in=leaders) | Q(school_id__in=schools, role_id__in=SCHOOL_ROLES)
        representatives = [parsed for parsed in rows if parsed["role"].code == Role.Code.TSC_REPRESENTATIVE]
        if representatives:
            # The council's seats, and whether each representative's school is a teaching school.
            their_schools = {parsed["leader"].school_id for parsed in representatives if parsed["leader"] is not None}
            wanted |= Q(role_id=Role.Code.TSC_REPRESENTATIVE)
            wanted |= Q(role_id=Role.Code.TEACHING_SCHOOL, school_id__in=their_schools)
        self.others = list(
            Designation.objects.filter(wanted).select_related("role", "leader", "school", "teaching_school")
        )
        for designation in self.others:
            if designation.ended_on is None:
                self.open[_holder(designation.role, designation.leader, designation.school)] = designation

    def _designate(self, parsed: dict) -> str:
        """Check the row's designation as services.designation_create would. Returns what it does."""
        role: Role = parsed["role"]
        leader = parsed["leader"]
        school = parsed["school"] if role.code in SCHOOL_ROLES else None
        holder = _holder(role, leader, school)
        holds = self.open.get(holder)
        if holds and not parsed["ended_on"]:
            raise ValidationError(
                f"{holds.holder_name} already holds an open {role.short_name} designation, "
                f"from {holds.designated_on:%d/%m/%Y}: end it first, or remove this row"
            )
        designation = Designation(
            role=role,
            leader=leader,
            school=school,
            designated_on=parsed["designated_on"],
            review_due=parsed["review_due"],
            teaching_school=parsed["teaching_school"],
            national_support_school=parsed["national_support_school"],
            council_seat=parsed["council_seat"],
            council_region=parsed["council_region"],
            ended_on=parsed["ended_on"],
            end_reason=parsed["end_reason"],
        )
        # The constraints are checked by clean() and the checks here; the database checks them again on saving.
        designation.full_clean(exclude=FOREIGN_KEYS, validate_unique=False, validate_constraints=False)
        services.designation_validate(designation=designation, specialisms=parsed["specialisms"], others=self.others)
        self.others.append(designation)
        if designation.ended_on is None:
            self.open[holder] = designation
        self.designations.append((designation, parsed["specialisms"]))
        ended = f", ended {parsed['ended_on']:%d/%m/%Y}" if parsed["ended_on"] else ""
        return f"{role.short_name} from {parsed['designated_on']:%d/%m/%Y}{ended}: {parsed['who']}"


def _messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    messages = []
    for field_name, field_errors in error.message_dict.items():
        column = FIELD_COLUMNS.get(field_name, field_name)
        for message in field_errors:
            messages.append(message if column == "__all__" else f"{column}: {message}")
    return messages
