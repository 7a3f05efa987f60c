"""Plain-English guidance for each role, in our own words, from the GOV.UK guidance pages (2014-2019 and 2023).
Shown on the guidance pages and, in short, on each leader's page under "How to get support"."""

from dataclasses import dataclass

from django.utils.text import slugify


@dataclass(frozen=True)
class RoleGuidance:
    code: str
    what_they_do: list[str]
    when_to_contact: str
    how_to_contact: str
    time_commitment: str
    cost: str

    @property
    def slug(self) -> str:
        return slugify(self.code.replace("_", "-"))


GUIDANCE = {
    guidance.code: guidance
    for guidance in [
        RoleGuidance(
            code="teaching_school",
            what_they_do=[
                "Teaching schools are schools that lead an alliance of partner schools. They train new teachers, "
                "run professional and leadership development, and give support to schools that need it most.",
                "They also manage the placements of specialist leaders of education (SLEs) and can broker support "
                "from national leaders of education and other system leaders.",
            ],
            when_to_contact="Contact a teaching school to ask what support it can offer your school, or to get an "
            "SLE's help with a particular subject or area.",
            how_to_contact="Use the contact details on the teaching school's page. You agree the support directly "
            "with the teaching school.",
            time_commitment="It depends on how much support your school needs. Some projects take a few days; "
            "others are full-time support roles over several years. Your school, the teaching school and any "
            "organisations concerned, such as Ofsted or the local authority, agree it between you.",
            cost="There may be a cost, depending on the support. You agree any payment with the teaching school.",
        ),
        RoleGuidance(
            code="nle",
            what_they_do=[
                "National leaders of education (NLEs) are headteachers and trust leaders with strong experience of "
                "school improvement. With the staff of their national support school, they support schools in "
                "challenging circumstances: leadership, governance and financial health.",
                "An NLE can work with your school alongside their own staff, on their own, or by directing their "
                "staff to work with you.",
            ],
            when_to_contact="Contact an NLE if you want to improve performance at your school, particularly if it is "
            "in an Ofsted category, facing closure or amalgamation, or underperforming. DfE also matches a school or "
            "trust with an NLE if it is eligible for support through DfE's improvement offers and cannot be matched "
            "with an appropriate high-quality trust.",
            how_to_contact="Contact the NLE directly using the details on their page. They will meet your headteacher "
            "and senior staff to talk about the challenges you face and the help you need.",
            time_commitment="This is intensive support. It can be up to 3 to 4 days a week for 2 years or more.",
            cost="There may be a cost, depending on the support. You agree any payment with the NLE's school.",
        ),
        RoleGuidance(
            code="nlg",
            what_they_do=[
                "National leaders of governance (NLGs) were highly effective chairs of governors who coached and "
                "mentored other chairs to improve the leadership of their school or academy.",
                "They mentored chairs and governors, carried out external reviews of governance (if trained by DfE), "
                "chaired or joined interim executive boards, and led governing bodies that urgently needed capacity.",
            ],
            when_to_contact="The NLG programme closed in 2023. The directory keeps NLGs' designations and support as "
            "records. To arrange an external review of governance, use DfE's guidance on governance reviews.",
            how_to_contact="NLGs are no longer deployed through the programme, so their contact details are not "
            "offered for new support.",
            time_commitment="An NLG worked with your chair of governors by phone, email and face-to-face meetings, "
            "over full or part days, evenings or weekends.",
            cost="The first 5 days of support were free. After that an NLG could charge, by agreement with you.",
        ),
        RoleGuidance(
            code="lle",
            what_they_do=[
                "DfE no longer designates local leaders of education (LLEs). Teaching schools have the freedom to "
                "recruit and designate school leaders in this role, as they do specialist leaders of education.",
                "The guidance says no more about the role: it points to DfE's news story on local leaders of "
                "education.",
            ],
            when_to_contact="Contact the teaching school that designated an LLE to ask what support they can give "
            "your school.",
            how_to_contact="Contact the teaching school shown on the LLE's page.",
            time_commitment="The guidance does not say. Ask the teaching school.",
            cost="The guidance does not say. Ask the teaching school.",
        ),
        RoleGuidance(
            code="sle",
            what_they_do=[
                "Specialist leaders of education (SLEs) are experienced middle or senior leaders with a specialism, "
                "such as maths, phonics, initial teacher training or behaviour.",
                "They develop other leaders so that they have the skills to lead their own teams and improve "
                "practice in their own schools.",
                "SLEs can provide one-to-one or group support. Their work could involve data analysis, coaching, "
                "facilitating and training, and joint action planning.",
            ],
            when_to_contact="Contact an SLE's teaching school if you want to improve leadership in a particular "
            "subject or specialist area in your school.",
            how_to_contact="Teaching schools manage SLEs' placements. Find a teaching school near you, browse the "
            "specialisms its SLEs cover, and contact the teaching school.",
            time_commitment="It depends on the project: for example a 2-day diagnostic exercise, or a 3-month "
            "full-time support role. The time can be a block of consecutive days or spread over a longer period.",
            cost="You will usually pay the teaching school for an SLE's time. You agree the payment with them.",
        ),
        RoleGuidance(
            code="pupil_premium_reviewer",
            what_they_do=[
                "Pupil premium reviewers are system leaders with a track record of improving the achievement of "
                "disadvantaged pupils. They review how your school spends its pupil premium and help you put in "
                "place a better strategy, based on approaches shown to work.",
                "A reviewer usually starts with a discussion with your headteacher and may bring in members of their "
                "own leadership team, including SLEs, for parts of the review.",
            ],
            when_to_contact="Contact a reviewer if you want an independent look at your pupil premium strategy and "
            "spending.",
            how_to_contact="Contact the reviewer directly using the details on their page.",
            time_commitment="A review usually takes 2 to 4 days. That includes a day of self-evaluation by your "
            "school and a half-day follow-up visit. Schools have found further follow-up visits later in the year "
            "useful.",
            cost="Your school or trust pays for the review. There is no set cost and no DfE day rate; a typical day "
            "rate for a system leader is between £300 and £500, reflecting the pay and expenses of a senior leader "
            "and the cost to their school of releasing them.",
        ),
        RoleGuidance(
            code="tsc_representative",
            what_they_do=[
                "The Teaching Schools Council has 17 representatives, all serving leaders of teaching schools, and 2 "
                "peer representatives. They work with regional schools commissioners, Ofsted, local authorities and "
                "dioceses to deliver school improvement and broker support for the schools that need it most.",
            ],
            when_to_contact="Contact your regional representative to find out about teaching school activity and "
            "priorities in your region, or for help brokering support.",
            how_to_contact="Use the contact details on the representative's page. The guidance pointed to the "
            "Teaching Schools Council's website to contact a representative.",
            time_commitment="The guidance does not say: it depends on the support arranged.",
            cost="The guidance does not mention a cost. You agree any cost of the support with whoever gives it.",
        ),
        RoleGuidance(
            code="teaching_school_hub",
            what_they_do=[
                "Teaching school hubs are lead schools for each of 87 areas in England. They co-ordinate teacher "
                "training and professional development, including for early career teachers, for the schools in "
                "their area.",
                "Neither guidance page describes them: this is from DfE's teaching school hubs guidance (2021). The "
                "2019 guidance said only that DfE was testing teaching school hubs.",
            ],
            when_to_contact="Contact your area's hub about teacher training and professional development for "
            "your staff.",
            how_to_contact="Use the contact details on the hub's lead school page.",
            time_commitment="It depends on the programme your staff take part in.",
            cost="DfE funds hubs with an annual grant. Ask the hub about the cost of a programme.",
        ),
    ]
}

BY_SLUG = {guidance.slug: guidance for guidance in GUIDANCE.values()}
