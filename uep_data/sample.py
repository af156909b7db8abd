"""The sample data set: invented people whose numbers tell the programme's published story.

South West London's User Employment Programme, 1995/96 to 2003/04 (docs/published-figures.md): six in
post by the end of the first year and twelve by the second, 35 to 40 at any one time by
March 2004, over 100 people supported in posts, at least 15% of recruits with lived
experience since 1999, 32 on work preparation (15 into open employment, 5 into education or
training), contacts mostly by telephone (39%) and in meetings outside work (44%), only 15%
about symptoms, four in professional training, clinical, professional and management posts
reached, three funding streams, coverage of directorates growing towards all of them.

Everything is generated from a fixed seed, so the workbook is the same on every machine.
People are pseudonymous codes (P0001...); no name appears anywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import contract as c
from .periods import financial_year_of

SEED = 1995
SAMPLE_AS_OF = dt.date(2004, 3, 31)
SAMPLE_PATH = Path(__file__).resolve().parent.parent / "sample_data" / "uep_sample.xlsx"


def is_bundled_sample(file_names: str) -> bool:
    """Whether an import's file is the bundled sample (as `sample` and ./dashboard load it)."""
    return file_names == SAMPLE_PATH.name


# The trust's lists (invented, plausible for an English mental health trust)
DIRECTORATES = (
    ("Vocational and Rehabilitation Services", "clinical"),
    ("Community Adult Services", "clinical"),
    ("Acute and Urgent Care", "clinical"),
    ("Human Resources", "corporate"),
    ("Older People's Services", "clinical"),
    ("Estates and Facilities", "corporate"),
    ("Finance and Information", "corporate"),
    ("Specialist Services", "clinical"),
    ("Child and Adolescent Mental Health", "clinical"),
    ("Forensic Services", "clinical"),  # not reached by 2004: "other mountains to climb"
)
# The financial year each directorate first takes on a supported person (pockets of
# enthusiasm first, then the more sceptical areas).
DIRECTORATE_OPENS = {
    "Vocational and Rehabilitation Services": 1995,
    "Community Adult Services": 1995,
    "Acute and Urgent Care": 1996,
    "Human Resources": 1997,
    "Older People's Services": 1998,
    "Estates and Facilities": 1999,
    "Finance and Information": 2000,
    "Specialist Services": 2001,
    "Child and Adolescent Mental Health": 2002,
}
PROFESSIONS = (
    # profession, clinical, professionally qualified
    ("Administrative and clerical", False, False),
    ("Estates and ancillary", False, False),
    ("Healthcare support worker", True, False),
    ("Nursing", True, True),
    ("Occupational therapy", True, True),
    ("Social work", True, True),
    ("Psychology", True, True),
    ("Medical", True, True),  # no supported doctor yet
)
# The hurdles of the seeds, in the order they fell: non-clinical posts first, then support
# posts, then professional posts; management from 2000.
PROFESSIONS_OPEN = {
    "Administrative and clerical": 1995,
    "Estates and ancillary": 1995,
    "Healthcare support worker": 1996,
    "Nursing": 1998,
    "Occupational therapy": 1999,
    "Social work": 2000,
    "Psychology": 2001,
}
PAY_BANDS = {
    "Administrative and clerical": ("band_2", "band_3", "band_4"),
    "Estates and ancillary": ("band_1", "band_2"),
    "Healthcare support worker": ("band_2", "band_3"),
    "Nursing": ("band_5", "band_6"),
    "Occupational therapy": ("band_5", "band_6"),
    "Social work": ("band_6", "band_7"),
    "Psychology": ("band_7", "band_8"),
}
CORPORATE_PROFESSIONS = ("Administrative and clerical",)

# People in post at the end of each financial year (targets were 6, 12, ... 35)
IN_POST_AT_YEAR_END = {
    1996: 7,
    1997: 13,
    1998: 17,
    1999: 21,
    2000: 25,
    2001: 27,
    2002: 31,
    2003: 31,
    2004: 37,
}
IN_EMPLOYMENT_TARGETS = {
    1995: 6,
    1996: 12,
    1997: 16,
    1998: 20,
    1999: 24,
    2000: 28,
    2001: 30,
    2002: 33,
    2003: 35,
}
COVERAGE_TARGETS = {1999: 50, 2000: 60, 2001: 70, 2002: 80, 2003: 90}
NEXT_YEAR_TARGETS = (
    ("EMP-2004", "38 people in employment by 31 March 2005", "in_employment", 38, "EMP"),
    (
        "COV-2004",
        "Supported people in every directorate by 31 March 2005",
        "directorates_covered_pct",
        100,
        "COV",
    ),
    ("JS-2004", "24 job starts in 2004/05", "job_starts", 24, None),
)
LIVED_EXPERIENCE_SHARE = {
    1997: 0.10,
    1998: 0.13,
    1999: 0.165,
    2000: 0.17,
    2001: 0.175,
    2002: 0.18,
    2003: 0.18,
}

END_REASONS = (
    ("open_employment_elsewhere", 30),
    ("education_training", 8),
    ("ill_health", 15),
    ("end_of_contract", 17),
    ("retired", 5),
    ("dismissed", 4),
    ("other", 11),
    ("moved_post_in_trust", 10),
)
MODE_SHARES = (
    ("telephone", 0.39),
    ("meeting_outside_work", 0.44),
    ("in_workplace", 0.12),
    ("email", 0.04),
    ("text_message", 0.01),
)
TOPIC_SHARES = (
    ("symptoms", 0.15),
    ("relationships_at_work", 0.22),
    ("job_demands", 0.20),
    ("outside_work", 0.15),
    ("confidence", 0.14),
    ("disclosure", 0.04),
    ("adjustments", 0.04),
    ("return_to_work", 0.03),
    ("career_development", 0.02),
    ("other", 0.01),
)
REFERRAL_SOURCES = (
    ("clinical_team", 40),
    ("self", 25),
    ("voluntary_sector", 10),
    ("manager", 8),
    ("occupational_health", 6),
    ("human_resources", 5),
    ("jobcentre_plus", 4),
    ("other", 2),
)
# Work preparation (Jobcentre Plus contract from 2000/01): 32 places in four cohorts
WORK_PREP_COHORTS = (
    ("2000-1", dt.date(2000, 10, 2), 8),
    ("2001-1", dt.date(2001, 9, 3), 8),
    ("2002-1", dt.date(2002, 9, 2), 8),
    ("2003-1", dt.date(2003, 6, 2), 8),
)
WORK_PREP_OUTCOMES = (
    ["open_employment_in_trust"] * 5
    + ["open_employment_elsewhere"] * 10
    + ["education_training"] * 5
    + ["voluntary_work"] * 4
    + ["still_looking"] * 4
    + ["withdrew"] * 4
)


def _month_starts(first: dt.date, last: dt.date):
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = (day + dt.timedelta(days=32)).replace(day=1)


@dataclass
class Post:
    person_id: str
    start_date: dt.date
    directorate: str
    profession: str
    pay_band: str
    management_role: bool
    hours: str
    lived_experience_post: bool
    end_date: dt.date | None = None
    end_reason: str | None = None


@dataclass
class SampleBuilder:
    """Builds the sample's rows, sheet by sheet, from one random generator."""

    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    people: list[dict] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    stages: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    work_preparation: list[dict] = field(default_factory=list)
    training: list[dict] = field(default_factory=list)
    wellbeing_plans: list[dict] = field(default_factory=list)
    # work preparation participants who found a trust post: (start, person_id)
    scheduled_starts: list[tuple[dt.date, str]] = field(default_factory=list)

    # --- people and their journeys ---------------------------------------------------
    def new_person(self, referral_date: dt.date, route: str, source: str | None = None) -> str:
        person_id = f"P{len(self.people) + 1:04d}"
        sources, weights = zip(*REFERRAL_SOURCES)
        self.people.append(
            {
                "person_id": person_id,
                "referral_date": referral_date,
                "referral_source": source or self.rng.choices(sources, weights)[0],
                "route": route,
            }
        )
        return person_id

    def stage(self, person_id: str, stage: str, day: dt.date) -> None:
        self.stages.append({"person_id": person_id, "stage": stage, "date": day})

    def journey_to_start(self, person_id: str, start: dt.date, offer_days: int) -> None:
        """The steps from referral to a start: a job offer, then occupational health."""
        offer = start - dt.timedelta(days=offer_days)
        referral = next(p["referral_date"] for p in self.people if p["person_id"] == person_id)
        steps = [("referred", referral)]
        span = (offer - referral).days
        if span > 40:
            for fraction, step in (
                (0.15, "assessed"),
                (0.35, "job_search"),
                (0.6, "application"),
                (0.8, "interview"),
            ):
                steps.append((step, referral + dt.timedelta(days=int(span * fraction))))
        steps.append(("job_offer", offer))
        steps.append(
            ("occupational_health", offer + dt.timedelta(days=max(1, int(offer_days * 0.4))))
        )
        for step, day in steps:
            self.stage(person_id, step, day)
        if self.rng.random() < 0.5:  # a journey may record the start either way
            self.stage(person_id, "start", start)

    # --- posts -----------------------------------------------------------------------
    def choose_post(
        self, start: dt.date, in_post: list[Post], management: bool = False
    ) -> tuple[str, str]:
        year = int(financial_year_of(start)[:4])
        open_directorates = [d for d, first in DIRECTORATE_OPENS.items() if first <= year]
        staffed = Counter(p.directorate for p in in_post)
        # spread people across the directorates that have opened, newest ones first
        lowest = min(staffed[d] for d in open_directorates)
        candidates = [d for d in open_directorates if staffed[d] == lowest]
        directorate = self.rng.choice(candidates)
        kind = dict(DIRECTORATES)[directorate]
        open_professions = [p for p, first in PROFESSIONS_OPEN.items() if first <= year]
        if kind == "corporate" or management:
            allowed = [p for p in open_professions if p in CORPORATE_PROFESSIONS]
            if directorate == "Estates and Facilities":
                allowed.append("Estates and ancillary")
            if management and kind == "clinical":
                allowed = [p for p in open_professions if p in ("Nursing", "Occupational therapy")]
        else:
            allowed = [p for p in open_professions if p != "Estates and ancillary"]
        weights = [
            3 if p in ("Nursing", "Occupational therapy", "Social work", "Psychology") else 2
            for p in allowed
        ]
        return directorate, self.rng.choices(allowed, weights)[0]

    def add_post(
        self, person_id: str, start: dt.date, in_post: list[Post], management: bool = False
    ) -> Post:
        directorate, profession = self.choose_post(start, in_post, management)
        year = int(financial_year_of(start)[:4])
        # posts were first advertised part-time (job share), later full-time too
        hours = "part_time" if year <= 1996 or self.rng.random() < 0.35 else "full_time"
        band = self.rng.choice(PAY_BANDS[profession])
        if management:
            band = "band_7" if profession != "Administrative and clerical" else "band_6"
        post = Post(
            person_id,
            start,
            directorate,
            profession,
            band,
            management,
            hours,
            lived_experience_post=year <= 1997 or self.rng.random() < 0.15,
        )
        self.posts.append(post)
        return post

    # --- the programme, month by month -----------------------------------------------
    def target_in_post(self, month_end: dt.date) -> int:
        """Head count wanted at a month end: a straight line between year-end figures."""
        anchors = [(dt.date(1995, 5, 31), 0)] + [
            (dt.date(year, 3, 31), count) for year, count in IN_POST_AT_YEAR_END.items()
        ]
        for (d0, n0), (d1, n1) in zip(anchors, anchors[1:]):
            if d0 <= month_end <= d1:
                return round(n0 + (n1 - n0) * (month_end - d0).days / (d1 - d0).days)
        return 0

    def run_employment(self) -> None:
        in_post: list[Post] = []
        reasons, weights = zip(*END_REASONS)
        for month in _month_starts(dt.date(1995, 6, 1), SAMPLE_AS_OF):
            month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            year = int(financial_year_of(month)[:4])
            for post in list(in_post):
                tenure = (month - post.start_date).days
                hazard = 0.05 if tenure < 183 else 0.028
                if tenure < 31 or self.rng.random() >= hazard:
                    continue
                leave = month + dt.timedelta(days=self.rng.randint(0, 26))
                reason = self.rng.choices(reasons, weights)[0]
                if reason == "moved_post_in_trust" and year < 1997:
                    reason = "end_of_contract"
                post.end_date, post.end_reason = leave, reason
                in_post.remove(post)
                if reason == "moved_post_in_trust":
                    in_post.append(
                        self.add_post(
                            post.person_id,
                            leave + dt.timedelta(days=1),
                            in_post,
                            management=year >= 2000,
                        )
                    )
                else:
                    self.stage(post.person_id, "exit", leave)
            wanted = self.target_in_post(month_end)
            for start, person_id in self.scheduled_starts:
                if month <= start <= month_end:
                    in_post.append(self.add_post(person_id, start, in_post))
            for _ in range(max(0, wanted - len(in_post))):
                start = month + dt.timedelta(days=self.rng.randint(0, 26))
                existing = year >= 1997 and self.rng.random() < 0.2
                if existing:
                    referral = start - dt.timedelta(days=self.rng.randint(20, 60))
                    person_id = self.new_person(referral, "existing_staff")
                    for step, day in (
                        ("referred", referral),
                        ("assessed", referral + dt.timedelta(days=10)),
                    ):
                        self.stage(person_id, step, day)
                else:
                    offer_days = self.rng.randint(21, 75)
                    referral = start - dt.timedelta(days=offer_days + self.rng.randint(60, 240))
                    person_id = self.new_person(referral, "new_recruit")
                    self.journey_to_start(person_id, start, offer_days)
                in_post.append(self.add_post(person_id, start, in_post))
        self.ensure_management_posts(in_post)

    def ensure_management_posts(self, in_post: list[Post]) -> None:
        """Management was the last hurdle: by 2004 a few supported people manage staff."""
        managers = [p for p in in_post if p.management_role]
        for post in sorted(in_post, key=lambda p: p.start_date):
            if len(managers) >= 2:
                break
            if (
                post.profession
                in ("Nursing", "Occupational therapy", "Administrative and clerical")
                and not post.management_role
                and post.start_date.year >= 2000
            ):
                post.management_role = True
                post.pay_band = (
                    "band_7" if post.profession != "Administrative and clerical" else "band_6"
                )
                managers.append(post)

    # --- what happens in post ----------------------------------------------------------
    def run_in_post_support(self) -> None:
        """Reviews, sickness absence and return, well-being plans and contacts."""
        for post in self.posts:
            last_day = post.end_date or SAMPLE_AS_OF
            review = post.start_date + dt.timedelta(days=91)
            if review <= last_day:
                self.stage(post.person_id, "in_work_review", review)
            if self.rng.random() < 0.3 and (last_day - post.start_date).days > 200:
                off = post.start_date + dt.timedelta(
                    days=self.rng.randint(120, (last_day - post.start_date).days - 60)
                )
                back = off + dt.timedelta(days=self.rng.randint(10, 50))
                self.stage(post.person_id, "sickness_absence", off)
                if back <= last_day:
                    self.stage(post.person_id, "return_to_work", back)
            self.add_wellbeing_plan(post, last_day)

    def add_wellbeing_plan(self, post: Post, last_day: dt.date) -> None:
        introduced = dt.date(1998, 1, 5)  # Work Health and Well-being plans from 1998
        agreed = max(
            post.start_date + dt.timedelta(days=self.rng.randint(25, 70)),
            introduced + dt.timedelta(days=self.rng.randint(0, 90)),
        )
        if agreed > last_day or self.rng.random() < 0.1:
            return
        lapsed = self.rng.random() < 0.15
        reviewed = None
        day = agreed
        while not lapsed and day + dt.timedelta(days=300) <= last_day:
            day += dt.timedelta(days=self.rng.randint(240, 330))
            reviewed = day
        self.wellbeing_plans.append(
            {"person_id": post.person_id, "agreed_date": agreed, "last_reviewed": reviewed}
        )

    def run_contacts(self) -> None:
        """Support contacts: frequent at first, then about monthly, more around sickness."""
        events = []
        for post in self.posts:
            last_day = post.end_date or SAMPLE_AS_OF
            day = post.start_date - dt.timedelta(days=7)
            while day <= last_day:
                tenure = (day - post.start_date).days
                gap = 7 if tenure < 90 else (14 if tenure < 365 else 30)
                day += dt.timedelta(days=self.rng.randint(max(2, gap // 2), gap + gap // 2))
                if day <= last_day:
                    who = self.rng.choices(("employee", "manager", "both"), (75, 15, 10))[0]
                    events.append((day, post.person_id, who))
        events.sort()
        n = len(events)
        modes = self._exact_mix(MODE_SHARES, n)
        topics = self._exact_mix(TOPIC_SHARES, n)
        # workplace ("job coach") contacts were common early and became rare; email and
        # text messages arrived later: place them by date, the rest at random
        positions = list(range(n))
        early = sorted(positions, key=lambda i: i + self.rng.random() * n * 0.6)
        late = sorted(positions, key=lambda i: -i - self.rng.random() * n * 0.5)
        assigned: dict[int, str] = {}
        for mode, pool in (("in_workplace", early), ("email", late), ("text_message", late)):
            wanted = modes[mode]
            for i in pool:
                if wanted == 0:
                    break
                if i not in assigned:
                    assigned[i] = mode
                    wanted -= 1
        rest = [m for m in ("telephone", "meeting_outside_work") for _ in range(modes[m])]
        self.rng.shuffle(rest)
        free = [i for i in positions if i not in assigned]
        for i, mode in zip(free, rest):
            assigned[i] = mode
        topic_list = [t for t, count in topics.items() for _ in range(count)]
        self.rng.shuffle(topic_list)
        minutes_by_mode = {
            "telephone": (10, 30),
            "meeting_outside_work": (30, 60),
            "in_workplace": (30, 90),
            "email": (5, 15),
            "text_message": (2, 5),
        }
        for i, (day, person_id, who) in enumerate(events):
            low, high = minutes_by_mode[assigned[i]]
            self.contacts.append(
                {
                    "person_id": person_id,
                    "date": day,
                    "mode": assigned[i],
                    "contact_with": who,
                    "topic": topic_list[i],
                    "minutes": self.rng.randint(low, high),
                }
            )

    @staticmethod
    def _exact_mix(shares, n: int) -> dict[str, int]:
        """Counts that add up to n and match the shares as closely as whole numbers can."""
        counts = {name: int(share * n) for name, share in shares}
        remainders = sorted(shares, key=lambda s: -(s[1] * n - int(s[1] * n)))
        for name, _ in remainders[: n - sum(counts.values())]:
            counts[name] += 1
        return counts

    # --- work preparation, training and the pipeline at D --------------------------------
    def run_work_preparation(self) -> None:
        outcomes = list(WORK_PREP_OUTCOMES)
        self.rng.shuffle(outcomes)
        for cohort, start, places in WORK_PREP_COHORTS:
            end = start + dt.timedelta(weeks=10) - dt.timedelta(days=3)
            for _ in range(places):
                outcome = outcomes.pop()
                referral = start - dt.timedelta(days=self.rng.randint(20, 70))
                person_id = self.new_person(referral, "work_preparation", "jobcentre_plus")
                withdrew = outcome == "withdrew"
                row_end = end - dt.timedelta(days=self.rng.randint(10, 40)) if withdrew else end
                outcome_date = row_end + dt.timedelta(days=self.rng.randint(7, 110))
                self.work_preparation.append(
                    {
                        "person_id": person_id,
                        "start_date": start,
                        "cohort": cohort,
                        "end_date": row_end,
                        "completed": not withdrew,
                        "outcome": outcome,
                        "outcome_date": outcome_date if not withdrew else row_end,
                    }
                )
                if outcome == "open_employment_in_trust":
                    self.stage(person_id, "referred", referral)
                    self.stage(person_id, "job_offer", outcome_date - dt.timedelta(days=30))
                    self.stage(
                        person_id, "occupational_health", outcome_date - dt.timedelta(days=18)
                    )
                    self.scheduled_starts.append((outcome_date, person_id))

    def run_training(self) -> None:
        """Four supported employees in professional training at D (two nursing, two clinical
        psychology), and one who qualified earlier as an occupational therapist."""
        in_post = sorted(
            (
                p
                for p in self.posts
                if p.end_date is None
                and p.profession in ("Healthcare support worker", "Administrative and clerical")
            ),
            key=lambda p: p.start_date,
        )
        courses = (
            ("nursing", dt.date(2002, 9, 23)),
            ("nursing", dt.date(2003, 9, 22)),
            ("clinical_psychology", dt.date(2001, 10, 1)),
            ("clinical_psychology", dt.date(2002, 10, 7)),
        )
        for post, (programme, start) in zip(in_post, courses):
            self.training.append(
                {
                    "person_id": post.person_id,
                    "programme": programme,
                    "start_date": max(start, post.start_date + dt.timedelta(days=30)),
                    "status": "in_training",
                    "end_date": None,
                }
            )
        qualified = next(p for p in self.posts if p.profession == "Occupational therapy")
        self.training.append(
            {
                "person_id": qualified.person_id,
                "programme": "occupational_therapy",
                "start_date": qualified.start_date - dt.timedelta(days=3 * 365),
                "status": "qualified",
                "end_date": qualified.start_date - dt.timedelta(days=40),
            }
        )
        withdrawn = next(p for p in self.posts if p.end_date and p.profession == "Nursing")
        self.training.append(
            {
                "person_id": withdrawn.person_id,
                "programme": "social_work",
                "start_date": withdrawn.start_date + dt.timedelta(days=60),
                "status": "withdrawn",
                "end_date": withdrawn.start_date + dt.timedelta(days=150),
            }
        )

    def run_pipeline_at_as_of(self) -> None:
        """People at each danger point on 31 March 2004: offered but not started, waiting on
        occupational health, and off sick or just back (the first months in post follow from
        recent starts)."""
        for offer in (dt.date(2004, 3, 3), dt.date(2004, 3, 22)):
            person_id = self.new_person(offer - dt.timedelta(days=150), "new_recruit")
            for step, back in (
                ("referred", 150),
                ("assessed", 130),
                ("application", 60),
                ("interview", 30),
                ("job_offer", 0),
            ):
                self.stage(person_id, step, offer - dt.timedelta(days=back))
        for offer in (dt.date(2004, 2, 9), dt.date(2004, 2, 26)):
            person_id = self.new_person(offer - dt.timedelta(days=120), "new_recruit")
            for step, back in (
                ("referred", 120),
                ("assessed", 100),
                ("interview", 25),
                ("job_offer", 0),
                ("occupational_health", -20),
            ):
                self.stage(person_id, step, offer - dt.timedelta(days=back))
        long_serving = sorted(
            (p for p in self.posts if p.end_date is None), key=lambda p: p.start_date
        )[:6]
        for post, (off, back) in zip(
            long_serving,
            (
                (dt.date(2004, 2, 16), None),
                (dt.date(2004, 3, 8), None),
                (dt.date(2003, 12, 1), dt.date(2004, 1, 12)),
                (dt.date(2004, 1, 19), dt.date(2004, 3, 1)),
            ),
        ):
            self.stage(post.person_id, "sickness_absence", off)
            if back:
                self.stage(post.person_id, "return_to_work", back)

    # --- rows of every sheet -------------------------------------------------------------
    def build(self) -> dict[str, list[dict]]:
        self.run_work_preparation()
        self.run_employment()
        self.run_in_post_support()
        self.run_training()
        self.run_pipeline_at_as_of()
        self.run_contacts()
        stages = {
            (r["person_id"], r["stage"], r["date"]): r
            for r in self.stages
            if r["date"] <= SAMPLE_AS_OF
        }
        return {
            "people": self.people,
            "directorates": [{"directorate": d, "directorate_type": t} for d, t in DIRECTORATES],
            "professions": [
                {"profession": p, "clinical": cl, "professionally_qualified": pq}
                for p, cl, pq in PROFESSIONS
            ],
            "employments": [
                vars(p) for p in sorted(self.posts, key=lambda p: (p.start_date, p.person_id))
            ],
            "stages": sorted(stages.values(), key=lambda r: (r["person_id"], r["date"])),
            "contacts": self.contacts,
            "work_preparation": self.work_preparation,
            "recruitment": self.recruitment(),
            "training": self.training,
            "wellbeing_plans": list(
                {(r["person_id"], r["agreed_date"]): r for r in self.wellbeing_plans}.values()
            ),
            "funding": funding_rows(),
            "targets": target_rows(),
            "actions": action_rows(),
        }

    def recruitment(self) -> list[dict]:
        """Monthly recruitment monitoring by directorate, from the charter (1997) on."""
        sizes = {d: (9 if t == "clinical" else 3) for d, t in DIRECTORATES}
        rows = []
        for month in _month_starts(dt.date(1997, 4, 1), SAMPLE_AS_OF):
            share = LIVED_EXPERIENCE_SHARE[int(financial_year_of(month)[:4])]
            for directorate, _ in DIRECTORATES:
                recruits = max(
                    0, round(self.rng.gauss(sizes[directorate], sizes[directorate] ** 0.5))
                )
                lived = sum(self.rng.random() < share for _ in range(recruits))
                rows.append(
                    {
                        "period": month,
                        "directorate": directorate,
                        "profession": "",
                        "recruits": recruits,
                        "recruits_lived_experience": lived,
                    }
                )
        # the charter's floor held every year from 1999/00: top up a year that fell short
        for year in range(1999, 2004):
            label = f"{year}/{(year + 1) % 100:02d}"
            in_year = [r for r in rows if financial_year_of(r["period"]) == label]
            while sum(r["recruits_lived_experience"] for r in in_year) * 100 < 15.5 * sum(
                r["recruits"] for r in in_year
            ):
                row = self.rng.choice(
                    [r for r in in_year if r["recruits_lived_experience"] < r["recruits"]]
                )
                row["recruits_lived_experience"] += 1
        return rows


def funding_rows() -> list[dict]:
    """The three streams of the seed: the local authority grant (recurring, from 1995/96),
    trust funding via the Mental Health Challenge Fund (non-recurrent, from 1997/98) and the
    Jobcentre Plus work preparation contract (from 2000/01)."""
    rows = []
    for year in range(1995, 2004):
        label = f"{year}/{(year + 1) % 100:02d}"
        grant = 26_000 * 1.03 ** (year - 1995)
        rows.append(
            {
                "stream": "Local authority mental health grant",
                "funder": "Local authority social services",
                "funding_type": "recurring_grant",
                "financial_year": label,
                "awarded": round(grant, -2),
                "spent": round(grant * 0.99, -2),
                "purpose": "programme_wide",
                "end_date": None,
            }
        )
        if year >= 1997:
            trust = 38_000 + 4_000 * (year - 1997)
            rows.append(
                {
                    "stream": "Trust funding (Mental Health Challenge Fund)",
                    "funder": "The trust",
                    "funding_type": "one_off",
                    "financial_year": label,
                    "awarded": float(trust),
                    "spent": round(trust * 0.97, -2),
                    "purpose": "in_post_support",
                    "end_date": dt.date(2004, 9, 30),
                }
            )
        if year >= 2000:
            contract = 42_000 + 2_500 * (year - 2000)
            rows.append(
                {
                    "stream": "Jobcentre Plus work preparation contract",
                    "funder": "Jobcentre Plus",
                    "funding_type": "contract",
                    "financial_year": label,
                    "awarded": float(contract),
                    "spent": round(contract * 0.98, -2),
                    "purpose": "work_preparation",
                    "end_date": dt.date(2005, 3, 31),
                }
            )
    return rows


def _fy(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def target_rows() -> list[dict]:
    blank = {
        "financial_year": None,
        "period_start": None,
        "period_end": None,
        "directorate": None,
        "profession": None,
        "parent_target_id": None,
        "comparison": "at_least",
    }
    rows = [
        {
            **blank,
            "target_id": "EMP",
            "title": "35 people supported in employment at any one time",
            "metric": "in_employment",
            "level": "aspirational",
            "value": 35,
            "owner": "Chief executive (chair of the steering group)",
        },
        {
            **blank,
            "target_id": "COV",
            "title": "Supported people in every directorate",
            "metric": "directorates_covered_pct",
            "level": "aspirational",
            "value": 100,
            "owner": "Director of human resources",
        },
        {
            **blank,
            "target_id": "PRO",
            "title": "Supported people in every profession",
            "metric": "professions_covered_pct",
            "level": "aspirational",
            "value": 100,
            "owner": "Medical director",
        },
        {
            **blank,
            "target_id": "REC",
            "title": "At least 15% of recruits have personal "
            "experience of mental health problems (the charter)",
            "metric": "recruits_lived_experience_pct",
            "level": "aspirational",
            "value": 15,
            "period_start": dt.date(1999, 4, 1),
            "owner": "Director of human resources",
        },
        {
            **blank,
            "target_id": "WP",
            "title": "Two in five work preparation participants move into open employment",
            "metric": "work_prep_open_employment_pct",
            "level": "aspirational",
            "value": 40,
            "period_start": dt.date(2000, 4, 1),
            "owner": "Head of vocational services",
        },
        {
            **blank,
            "target_id": "MGT",
            "title": "Supported people in management posts",
            "metric": "management_posts",
            "level": "aspirational",
            "value": 3,
            "owner": "Director of human resources",
        },
    ]
    for year, value in IN_EMPLOYMENT_TARGETS.items():
        rows.append(
            {
                **blank,
                "target_id": f"EMP-{year}",
                "title": f"{value} people in employment by 31 March {year + 1}",
                "metric": "in_employment",
                "level": "interim",
                "value": value,
                "financial_year": _fy(year),
                "parent_target_id": "EMP",
                "owner": "Programme lead",
            }
        )
    for year, value in COVERAGE_TARGETS.items():
        rows.append(
            {
                **blank,
                "target_id": f"COV-{year}",
                "title": f"Supported people in {value}% of directorates",
                "metric": "directorates_covered_pct",
                "level": "interim",
                "value": value,
                "financial_year": _fy(year),
                "parent_target_id": "COV",
                "owner": "Programme lead",
            }
        )
    # the steering group's interim targets for the coming year, set at the year's end
    for target_id, title, metric, value, parent in NEXT_YEAR_TARGETS:
        rows.append(
            {
                **blank,
                "target_id": target_id,
                "title": title,
                "metric": metric,
                "level": "interim",
                "value": value,
                "financial_year": _fy(2004),
                "parent_target_id": parent,
                "owner": "Programme lead",
            }
        )
    for year in range(1999, 2004):
        rows.append(
            {
                **blank,
                "target_id": f"REC-{year}",
                "title": f"15% of recruits with lived experience in {_fy(year)}",
                "metric": "recruits_lived_experience_pct",
                "level": "interim",
                "value": 15,
                "financial_year": _fy(year),
                "parent_target_id": "REC",
                "owner": "Head of recruitment",
            }
        )
    return rows


def action_rows() -> list[dict]:
    rows = [
        (
            "A1",
            "Work with enthusiastic managers in Forensic Services to open a first post",
            "COV-2003",
            "Programme lead",
            dt.date(2004, 6, 30),
            "in_progress",
        ),
        (
            "A2",
            "Brief the Child and Adolescent Mental Health management team on the charter",
            "COV-2003",
            "Director of human resources",
            dt.date(2003, 12, 31),
            "done",
        ),
        (
            "A3",
            "Agree with medical staffing how a doctor with lived experience would be supported",
            "PRO",
            "Medical director",
            dt.date(2004, 9, 30),
            "not_started",
        ),
        (
            "A4",
            "Single-page occupational health fact sheet for applicants",
            "EMP",
            "Occupational health physician",
            dt.date(2001, 3, 31),
            "done",
        ),
        (
            "A5",
            "Equal opportunities statement on every advertisement",
            "REC",
            "Head of recruitment",
            dt.date(1999, 9, 30),
            "done",
        ),
        (
            "A6",
            "Renew the Jobcentre Plus work preparation contract",
            "WP",
            "Head of vocational services",
            dt.date(2004, 12, 31),
            "in_progress",
        ),
        (
            "A7",
            "Support for supported employees moving into management posts",
            "MGT",
            "Programme lead",
            dt.date(2004, 6, 30),
            "in_progress",
        ),
        (
            "A8",
            "Bid to make the Challenge Fund money recurrent",
            "EMP",
            "Director of finance",
            dt.date(2004, 6, 30),
            "not_started",
        ),
    ]
    return [
        {
            "action_id": a,
            "description": d,
            "target_id": t,
            "owner": o,
            "due_date": due,
            "status": st,
        }
        for a, d, t, o, due, st in rows
    ]


def build_sample() -> dict[str, list[dict]]:
    """Every sheet's rows of the sample data set (deterministic)."""
    return SampleBuilder().build()


def sample_workbook_bytes(sheets: dict[str, list[dict]] | None = None) -> bytes:
    """The sample as an .xlsx workbook laid out by the contract (real dates, one sheet each)."""
    from openpyxl import Workbook

    sheets = sheets or build_sample()
    book = Workbook(write_only=True)
    for sheet in c.SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append(list(sheet.column_names))
        for row in sheets.get(sheet.name, []):
            ws.append([_cell(row.get(name)) for name in sheet.column_names])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def write_sample_workbook(path: Path = SAMPLE_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample_workbook_bytes())
    return path
