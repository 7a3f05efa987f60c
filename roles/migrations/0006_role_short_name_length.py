from django.db import migrations, models
from django.utils.text import slugify

# The rows this migration writes, as they stood when it was written: frozen here so that later edits of
# roles/reference.py cannot change what it does.
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
        "programme_note": "Teaching schools continue to support schools while teaching school hubs take over their "
        "role. DfE no longer designates new teaching schools.",
        "summary": "Schools that lead teacher training, professional development and school-to-school support "
        "across an alliance of partner schools. They manage the placements of specialist leaders of "
        "education.",
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
        "programme_note": "Reforms to the NLE programme came into effect in September 2022. DfE matches eligible "
        "schools and trusts with NLEs through its trust and school improvement offer.",
        "summary": "Headteachers and trust leaders with strong experience of school improvement who, with the "
        "staff of their national support school, support schools in challenging circumstances.",
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
        "programme_note": "The national leaders of governance programme closed in 2023. The directory keeps NLG "
        "designations and deployments as records.",
        "summary": "Highly effective chairs of governors who coach and mentor another chair of governors to "
        "improve the leadership of a school or academy.",
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
        "programme_note": "DfE no longer designates LLEs. Teaching schools may recruit and designate them.",
        "summary": "Headteachers who support the leadership of other schools in their local area.",
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
        "programme_note": "Teaching schools designate SLEs and manage their placements.",
        "summary": "Experienced middle or senior leaders with a specialism, who develop other leaders so that they "
        "can lead their own teams and improve practice in their own schools.",
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
        "programme_note": "",
        "summary": "System leaders with a track record with disadvantaged pupils who review how a school spends "
        "its pupil premium and help it build a better strategy.",
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
        "programme_note": "The council has 17 regional representatives and 2 peer representatives.",
        "summary": "Leaders of teaching schools who work with regional schools commissioners, Ofsted, local "
        "authorities and dioceses to broker support to the schools that need it most.",
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
        "summary": "Lead schools for one of 87 areas in England, which co-ordinate teacher training and "
        "professional development for the schools in their area.",
    },
]
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


def load(apps, schema_editor):
    Role = apps.get_model("roles", "Role")
    FocusArea = apps.get_model("roles", "FocusArea")
    Specialism = apps.get_model("roles", "Specialism")
    for position, row in enumerate(ROLES, start=1):
        _upsert(Role, {"code": row["code"]}, {**row, "position": position})
    for area_position, (area_name, specialism_names) in enumerate(FOCUS_AREAS, start=1):
        area = _upsert(FocusArea, {"slug": slugify(area_name)}, {"name": area_name, "position": area_position})
        for position, name in enumerate(specialism_names, start=1):
            _upsert(Specialism, {"slug": slugify(name)}, {"name": name, "focus_area": area, "position": position})


def _upsert(model, keys, values):
    """Create the row or update it; text cut to the column as this migration's model has it (a later migration
    widens Role.short_name and writes the full value)."""
    fitted = {}
    for name, value in values.items():
        max_length = getattr(model._meta.get_field(name), "max_length", None)
        fitted[name] = value[:max_length] if isinstance(value, str) and max_length else value
    instance, _ = model.objects.update_or_create(**keys, defaults=fitted)
    return instance


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_curator_group"),
    ]

    operations = [
        migrations.AlterField(
            model_name="role",
            name="short_name",
            field=models.CharField(help_text="The name used where space is short, e.g. NLE.", max_length=30),
        ),
        # "Pupil premium reviewer" in full, where it was "PP reviewer".
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
