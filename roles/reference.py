"""Reference data taken from the GOV.UK guidance ("Teaching schools and system leaders: get support for you and
your school", 2014-2019, and "System leadership: school-to-school support", 2023).

The wording is ours, from the guidance. The data migrations hold frozen copies of these rows as they stood when
each was written: a change here comes with a new data migration that writes it (tests/test_migrations.py checks that
the migrated rows are these). Tests that empty the database put the rows back with `sync_reference_data`.
"""

ROLES = [
    {
        "code": "teaching_school",
        "name": "Teaching school",
        "short_name": "Teaching school",
        "plural_name": "Teaching schools",
        "holder": "school",
        "designated_by": "dfe",
        "programme": "closed_to_new",
        "programme_changed_on": "2019-05-29",
        "programme_note": (
            "The 2019 guidance said teaching schools would continue to support schools while DfE tested teaching "
            "school hubs. DfE's teaching school hubs guidance (2021) says the 87 hubs replace the network of "
            "teaching schools, which was to end in August 2021. The 2023 guidance removed the section on teaching "
            "schools as out of date or covered elsewhere. This directory records no new DfE designations of "
            "teaching schools."
        ),
        "summary": (
            "Schools that lead teacher training, professional development and school-to-school support across an "
            "alliance of partner schools. They manage the placements of specialist leaders of education."
        ),
    },
    {
        "code": "nle",
        "name": "National leader of education",
        "short_name": "NLE",
        "plural_name": "National leaders of education",
        "holder": "person",
        "designated_by": "dfe",
        "programme": "open",
        "programme_changed_on": "2022-09-01",
        "programme_note": (
            "Reforms to the NLE programme came into effect in September 2022. DfE matches eligible schools and "
            "trusts with NLEs through its trust and school improvement offer."
        ),
        "summary": (
            "Headteachers and trust leaders with strong experience of school improvement who, with the staff of "
            "their national support school, support schools in challenging circumstances."
        ),
    },
    {
        "code": "nlg",
        "name": "National leader of governance",
        "short_name": "NLG",
        "plural_name": "National leaders of governance",
        "holder": "person",
        "designated_by": "dfe",
        "programme": "closed",
        "programme_changed_on": "2023-11-06",
        "programme_note": (
            "The national leaders of governance programme closed in 2023. The directory keeps NLG designations "
            "and deployments as records."
        ),
        "summary": (
            "Highly effective chairs of governors who coach and mentor another chair of governors to improve "
            "the leadership of a school or academy."
        ),
    },
    {
        "code": "lle",
        "name": "Local leader of education",
        "short_name": "LLE",
        "plural_name": "Local leaders of education",
        "holder": "person",
        "designated_by": "teaching_school",
        "programme": "closed_to_new",
        "programme_changed_on": "2019-05-29",
        "programme_note": (
            "DfE no longer designates LLEs. Teaching schools may recruit and designate them. The 2023 guidance "
            "removed the section on LLEs as out of date or covered elsewhere."
        ),
        "summary": (
            "School leaders whom teaching schools may recruit and designate in this role, as they do specialist "
            "leaders of education. DfE no longer designates them."
        ),
    },
    {
        "code": "sle",
        "name": "Specialist leader of education",
        "short_name": "SLE",
        "plural_name": "Specialist leaders of education",
        "holder": "person",
        "designated_by": "teaching_school",
        "programme": "open",
        "programme_changed_on": None,
        "programme_note": (
            "Teaching schools designate SLEs and manage their placements. The 2023 guidance removed the section on "
            "SLEs as out of date or covered elsewhere: what this page says comes from the guidance last updated on "
            "29 May 2019."
        ),
        "summary": (
            "Experienced middle or senior leaders with a specialism, who develop other leaders so that they can "
            "lead their own teams and improve practice in their own schools."
        ),
    },
    {
        "code": "pupil_premium_reviewer",
        "name": "Pupil premium reviewer",
        "short_name": "Pupil premium reviewer",
        "plural_name": "Pupil premium reviewers",
        "holder": "person",
        "designated_by": "dfe",
        "programme": "open",
        "programme_changed_on": None,
        "programme_note": (
            "The 2023 guidance removed the section on pupil premium reviews as out of date or covered elsewhere: "
            "what this page says comes from the guidance last updated on 29 May 2019."
        ),
        "summary": (
            "System leaders with a track record with disadvantaged pupils who review how a school spends its "
            "pupil premium and help it build a better strategy."
        ),
    },
    {
        "code": "tsc_representative",
        "name": "Teaching Schools Council representative",
        "short_name": "TSC representative",
        "plural_name": "Teaching Schools Council representatives",
        "holder": "person",
        "designated_by": "dfe",
        "programme": "open",
        "programme_changed_on": None,
        "programme_note": (
            "The 2023 guidance removed the section on the Teaching Schools Council as out of date or covered "
            "elsewhere: what this page says comes from the guidance last updated on 29 May 2019."
        ),
        "summary": (
            "Leaders of teaching schools who work with regional schools commissioners, Ofsted, local authorities "
            "and dioceses to broker support to the schools that need it most."
        ),
    },
    {
        "code": "teaching_school_hub",
        "name": "Teaching school hub",
        "short_name": "Teaching school hub",
        "plural_name": "Teaching school hubs",
        "holder": "school",
        "designated_by": "dfe",
        "programme": "open",
        "programme_changed_on": None,
        "programme_note": "",
        "summary": (
            "Lead schools for one of 87 areas in England, which co-ordinate teacher training and professional "
            "development for the schools in their area (DfE's teaching school hubs guidance, 2021)."
        ),
    },
]

# The roles whose sections "System leadership: school-to-school support" removed on 5 April 2023 ("Removed other
# sections, which are either out of date or covered elsewhere"): the directory still lists them, and says so.
REMOVED_FROM_GUIDANCE_IN_2023 = frozenset(
    {"teaching_school", "lle", "sle", "pupil_premium_reviewer", "tsc_representative"}
)

# The four Ofsted focus areas and their SLE areas of expertise, exactly as the guidance's table lists them.
FOCUS_AREAS = [
    (
        "Leadership and management",
        [
            "Academies and academy transition",
            "Assessment",
            "Leadership of continuing professional development",
            "School business management and financial management",
            "Leadership of curriculum",
        ],
    ),
    (
        "Pupil achievement",
        [
            "Art",
            "Closing the gap",
            "Drama",
            "Design and technology",
            "Early years",
            "English",
            "Geography",
            "History",
            "Information and communication technology",
            "Maths",
            "Modern foreign languages",
            "Music",
            "Phonics",
            "Physical education",
            "Personal, social and health education",
            "Religious education",
            "Science",
            "Special educational needs",
            "Support for the most able pupils",
        ],
    ),
    ("Quality of teaching", ["Initial teacher training and newly qualified teacher development"]),
    ("Behaviour and safety", ["Behaviour and discipline", "Attendance"]),
]

# (role code, deployment kind code, name, needs governance review training)
DEPLOYMENT_KINDS = [
    ("nle", "nle-alongside-own-staff", "NLE working with the school alongside their own staff", False),
    ("nle", "nle-alone", "NLE working with the school on their own", False),
    ("nle", "nle-staff-under-direction", "NLE's staff working with the school under the NLE's direction", False),
    ("nlg", "nlg-mentoring", "Mentoring the chair or members of the governing body", False),
    ("nlg", "nlg-governance-review", "External review of governance", True),
    ("nlg", "nlg-interim-executive-board", "Chair or member of an interim executive board", False),
    (
        "nlg",
        "nlg-governing-body-leadership",
        "Chair or leadership role on a governing body needing urgent additional governance capacity",
        False,
    ),
    ("sle", "sle-data-analysis", "Data analysis", False),
    ("sle", "sle-coaching", "Coaching", False),
    ("sle", "sle-facilitating-training", "Facilitating and training", False),
    ("sle", "sle-joint-action-planning", "Joint action planning", False),
    ("lle", "lle-leadership-support", "Support for the leadership of a local school", False),
    ("pupil_premium_reviewer", "pupil-premium-review", "Pupil premium review", False),
    ("teaching_school", "teaching-school-support", "School-to-school support from a teaching school alliance", False),
    ("tsc_representative", "tsc-brokerage", "Brokering support for schools that need it most", False),
    ("teaching_school_hub", "hub-professional-development", "Professional development across the hub area", False),
]


def sync_reference_data(apps, *, deployment_kinds: bool = True) -> int:
    """Create or update the roles, focus areas, specialisms and deployment kinds. Returns how many rows changed."""
    from django.utils.text import slugify

    Role = apps.get_model("roles", "Role")
    FocusArea = apps.get_model("roles", "FocusArea")
    Specialism = apps.get_model("roles", "Specialism")
    changed = 0
    for position, row in enumerate(ROLES, start=1):
        _, created_or_changed = _upsert(Role, {"code": row["code"]}, {**row, "position": position})
        changed += created_or_changed
    for area_position, (area_name, specialism_names) in enumerate(FOCUS_AREAS, start=1):
        area, created_or_changed = _upsert(
            FocusArea, {"slug": slugify(area_name)}, {"name": area_name, "position": area_position}
        )
        changed += created_or_changed
        for position, name in enumerate(specialism_names, start=1):
            _, created_or_changed = _upsert(
                Specialism, {"slug": slugify(name)}, {"name": name, "focus_area": area, "position": position}
            )
            changed += created_or_changed
    if deployment_kinds:
        DeploymentKind = apps.get_model("deployments", "DeploymentKind")
        for position, (role_code, code, name, needs_training) in enumerate(DEPLOYMENT_KINDS, start=1):
            _, created_or_changed = _upsert(
                DeploymentKind,
                {"code": code},
                {
                    "role_id": role_code,
                    "name": name,
                    "needs_governance_review_training": needs_training,
                    "position": position,
                },
            )
            changed += created_or_changed
    return changed


def _upsert(model, keys: dict, values: dict):
    values = {name: _fitted(model, name, value) for name, value in values.items() if name not in keys}
    instance = model.objects.filter(**keys).first()
    if instance is None:
        return model.objects.create(**keys, **values), 1
    differs = {name: value for name, value in values.items() if _field_value(instance, name) != value}
    if differs:
        for name, value in differs.items():
            setattr(instance, name, value)
        instance.save(update_fields=list(differs))
    return instance, int(bool(differs))


def _fitted(model, name, value):
    """The value cut to the column as an earlier migration's model has it (a later migration widens the column and
    syncs again), so that the data migrations run on PostgreSQL from the start."""
    max_length = getattr(model._meta.get_field(name), "max_length", None)
    return value[:max_length] if isinstance(value, str) and max_length else value


def _field_value(instance, name):
    value = getattr(instance, name)
    return value.isoformat() if hasattr(value, "isoformat") else value
