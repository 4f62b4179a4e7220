"""The intake questionnaire: every section, item and answer scale, as frozen data.

Pure Python: imports only the standard library (not even Django), so forms, the comparison and
the recommender can all read it, and it loads without settings. Item keys are stored with answers:
never rename, renumber or reuse one; add new keys and bump VERSION instead.
"""

from dataclasses import dataclass, field, replace
from enum import StrEnum


def _(message: str) -> str:
    """Mark text for translation and return it unchanged; callers translate it when they show it.

    Not Django's gettext_noop: that one reads settings, so this module could not load without them.
    The name must stay `_`: xgettext finds strings lexically and `_` is one of its default keywords
    (an alias such as `N_` would never reach the .po files).
    """
    return message


VERSION = "2026-12"
PREVIOUS_VERSION = "2026-11"


class Kind(StrEnum):
    LIKERT = "likert"
    CHOICE = "choice"
    YESNO = "yesno"
    TEXT = "text"


class Perspective(StrEnum):
    PARTNER_REPORT = "partner"
    SELF_REPORT = "self"
    OWN_EXPERIENCE = "own"
    NONE = "none"


class SafetyTier(StrEnum):
    """How a safety answer changes joint work (Stith, McCollum & Rosen 2011; docs/clinical.md, safety screening and tiers)."""

    NONE = "none"
    B = "b"  # an individual check-in before joint work; the rest of the plan stands
    A = "a"  # all joint work on hold
    SELF_HARM = "self_harm"  # crisis resources at once and a therapist alert


class Polarity(StrEnum):
    HIGH_IS_PROBLEM = "high"
    LOW_IS_PROBLEM = "low"
    NONE = "none"


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


# The value of an answer outside an item's scale: "I'd rather not say", or on the safety and private items
# "I'd rather tell my therapist in person". It is never scored and counts as missing in the comparison, except
# on a safety item, where it is itself a tier B finding (docs/clinical.md, safety screening and tiers).
DECLINE_VALUE = 9


@dataclass(frozen=True)
class Item:
    key: str
    section: str
    kind: Kind
    text: str
    area: str
    perspective: Perspective = Perspective.NONE
    polarity: Polarity = Polarity.NONE
    choices: tuple[Choice, ...] = ()
    safety: bool = False
    required: bool = True
    max_length: int = 0
    help_text: str = ""
    # Fits "<Name> says <Other> {phrase}" (partner-report) or "<Name> says they {phrase}" (self-report and
    # own experience). "{their}" stands for <Name>'s possessive pronoun: fill it with str.format(their=...).
    phrase: str = ""
    # First value, counted from the good end, that is a problem. None: every answer past the middle of the
    # scale, so a middle answer ("Sometimes") is never a problem. Set it where the middle itself is one,
    # as for a partner who turns away from a bid.
    problem_from: int | None = None
    # Safety items only: the tier an endorsement of this item raises.
    tier: SafetyTier = SafetyTier.NONE
    # An answer beside the scale (value DECLINE_VALUE) that says the partner would rather not answer here.
    decline: Choice | None = None

    @property
    def is_scored(self) -> bool:
        return self.kind in (Kind.LIKERT, Kind.CHOICE) and self.polarity != Polarity.NONE

    @property
    def options(self) -> tuple[Choice, ...]:
        """Every answer a partner can give: the scale, then the decline answer if the item has one."""
        return (*self.choices, self.decline) if self.decline else self.choices

    def is_declined(self, value: object) -> bool:
        return self.decline is not None and value == self.decline.value

    def is_problem(self, value: int) -> bool | None:
        """Whether `value` lies at this item's problem end; None for items without a polarity."""
        if self.polarity == Polarity.NONE:
            return None
        values = [choice.value for choice in self.choices]
        if value not in values:
            raise ValueError(f"{value!r} is not an answer to {self.key}")
        high = self.polarity == Polarity.HIGH_IS_PROBLEM
        if self.problem_from is not None:
            return value >= self.problem_from if high else value <= self.problem_from
        middle = (min(values) + max(values)) / 2
        return value > middle if high else value < middle


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    items: tuple[Item, ...]
    private: bool = False


@dataclass(frozen=True)
class Questionnaire:
    version: str
    sections: tuple[Section, ...]
    _items: tuple[Item, ...] = field(init=False, repr=False, compare=False)
    _item_by_key: dict[str, Item] = field(init=False, repr=False, compare=False)
    _section_by_key: dict[str, Section] = field(init=False, repr=False, compare=False)
    _items_by_area: dict[str, tuple[Item, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = tuple(item for section in self.sections for item in section.items)
        item_by_key = {item.key: item for item in items}
        section_by_key = {section.key: section for section in self.sections}
        # A duplicate would silently shadow another item's stored answers.
        if len(item_by_key) != len(items) or len(section_by_key) != len(self.sections):
            raise ValueError("item and section keys must be unique")
        by_area: dict[str, list[Item]] = {}
        for item in items:
            by_area.setdefault(item.area, []).append(item)
        object.__setattr__(self, "_items", items)
        object.__setattr__(self, "_item_by_key", item_by_key)
        object.__setattr__(self, "_section_by_key", section_by_key)
        object.__setattr__(self, "_items_by_area", {area: tuple(found) for area, found in by_area.items()})

    @property
    def items(self) -> tuple[Item, ...]:
        return self._items

    @property
    def step_count(self) -> int:
        return len(self.sections)

    def item(self, key: str) -> Item:
        return self._item_by_key[key]

    def section(self, key: str) -> Section:
        return self._section_by_key[key]

    def by_area(self, area: str) -> tuple[Item, ...]:
        return self._items_by_area.get(area, ())


# Answer scales -------------------------------------------------------------------------------------------

FREQUENCY: tuple[Choice, ...] = (
    Choice(1, _("Never")),
    Choice(2, _("Rarely")),
    Choice(3, _("Sometimes")),
    Choice(4, _("Often")),
    Choice(5, _("Almost always")),
)

AGREEMENT: tuple[Choice, ...] = (
    Choice(1, _("Strongly disagree")),
    Choice(2, _("Disagree")),
    Choice(3, _("Neither agree nor disagree")),
    Choice(4, _("Agree")),
    Choice(5, _("Strongly agree")),
)

YES_NO: tuple[Choice, ...] = (Choice(0, _("No")), Choice(1, _("Yes")))

NOT_SAY = Choice(DECLINE_VALUE, _("I'd rather not say"))
IN_PERSON = Choice(DECLINE_VALUE, _("I'd rather tell my therapist in person"))

# Values 1-3 are turning towards, away from and against a bid for connection.
BID_RESPONSE_BY_PARTNER: tuple[Choice, ...] = (
    Choice(1, _("They notice and respond with interest or warmth")),
    Choice(2, _("They miss it, or carry on as if nothing was said")),
    Choice(3, _("They respond with irritation, criticism or a put-down")),
)
BID_RESPONSE_BY_SELF: tuple[Choice, ...] = (
    Choice(1, _("I notice and respond with interest or warmth")),
    Choice(2, _("I miss it, or carry on as if nothing was said")),
    Choice(3, _("I respond with irritation, criticism or a put-down")),
)

STANCE: tuple[Choice, ...] = (
    Choice(1, _("I am committed to making this work")),
    Choice(2, _("I am unsure")),
    Choice(3, _("I am leaning towards leaving")),
)

# The CSI-4 is a published instrument: wording, order and scores must match the source exactly.
CSI4_CITATION = (
    "Funk, J. L., & Rogge, R. D. (2007). Testing the ruler with item response theory: Increasing precision "
    "of measurement for relationship satisfaction with the Couples Satisfaction Index. Journal of Family "
    "Psychology, 21(4), 572-583. doi:10.1037/0893-3200.21.4.572"
)
# Totals below the cut-off (13 or less) indicate notable dissatisfaction; therapist eyes only.
CSI4_CUTOFF = 13.5

CSI4_HAPPINESS: tuple[Choice, ...] = (
    Choice(0, _("Extremely unhappy")),
    Choice(1, _("Fairly unhappy")),
    Choice(2, _("A little unhappy")),
    Choice(3, _("Happy")),
    Choice(4, _("Very happy")),
    Choice(5, _("Extremely happy")),
    Choice(6, _("Perfect")),
)
CSI4_TRUE: tuple[Choice, ...] = (
    Choice(0, _("Not at all true")),
    Choice(1, _("A little true")),
    Choice(2, _("Somewhat true")),
    Choice(3, _("Mostly true")),
    Choice(4, _("Almost completely true")),
    Choice(5, _("Completely true")),
)
CSI4_DEGREE: tuple[Choice, ...] = (
    Choice(0, _("Not at all")),
    Choice(1, _("A little")),
    Choice(2, _("Somewhat")),
    Choice(3, _("Mostly")),
    Choice(4, _("Almost completely")),
    Choice(5, _("Completely")),
)

SAFETY_SELF_HARM_KEY = "safety_selfharm"

FREE_TEXT_MAX_LENGTH = 2000

HIGH = Polarity.HIGH_IS_PROBLEM
LOW = Polarity.LOW_IS_PROBLEM
PR = Perspective.PARTNER_REPORT
SR = Perspective.SELF_REPORT
OE = Perspective.OWN_EXPERIENCE


def _behaviour(
    key: str, section: str, area: str, perspective: Perspective, polarity: Polarity, text: str, phrase: str
) -> Item:
    return Item(key, section, Kind.LIKERT, text, area, perspective, polarity, FREQUENCY, phrase=phrase)


# Sections ------------------------------------------------------------------------------------------------

# Reverse-keyed P3, P4 and P5 describe the good behaviour, so a low answer is the problem.
PARTNER = Section(
    "partner",
    _("How your partner responds"),
    _(
        "Think about the last few months together. For each sentence, choose how often it fits your partner. "
        "There are no right or wrong answers, and your first sense is usually the truest."
    ),
    (
        _behaviour(
            "p1_partner",
            "partner",
            "P1",
            PR,
            HIGH,
            _("My partner brushes off or plays down my feelings."),
            _("brushes off or plays down {their} feelings"),
        ),
        _behaviour(
            "p2_partner",
            "partner",
            "P2",
            PR,
            HIGH,
            _("My partner keeps our conversations to practical things like schedules, money and chores."),
            _("keeps conversations to schedules, money and chores"),
        ),
        _behaviour(
            "p3_partner",
            "partner",
            "P3",
            PR,
            LOW,
            _("My partner asks about my day, my worries and my hopes, and really wants to know."),
            _("asks about {their} worries, dreams and day"),
        ),
        _behaviour(
            "p4_partner",
            "partner",
            "P4",
            PR,
            LOW,
            _("When I am upset or struggling, my partner stays close and is there for me."),
            _("stays close through {their} hard moments"),
        ),
        _behaviour(
            "p5_partner",
            "partner",
            "P5",
            PR,
            LOW,
            _("My partner offers warm, everyday touch, like a hug or holding hands, that isn't about sex."),
            _("offers warm touch that isn't about sex"),
        ),
        _behaviour(
            "p6_partner",
            "partner",
            "P6",
            PR,
            HIGH,
            _("My partner forgets things that matter to me, like important dates or news I have shared."),
            _("forgets the dates and news that matter in {their} life"),
        ),
        _behaviour(
            "p7_partner",
            "partner",
            "P7",
            PR,
            HIGH,
            _("My partner chooses the phone, TV or work over time with me."),
            _("chooses the phone, TV or work over time together"),
        ),
        _behaviour(
            "p8_partner",
            "partner",
            "P8",
            PR,
            HIGH,
            _("When I ask for closeness or attention, my partner gets defensive, annoyed or blames me."),
            _("gets defensive or blaming when asked for closeness"),
        ),
    ),
)

SELF = Section(
    "self",
    _("How you respond to your partner"),
    _(
        "Now the same kinds of moments, seen from your side. Nobody gets these right all the time; "
        "an honest answer helps far more than a generous one."
    ),
    (
        _behaviour(
            "p1_self",
            "self",
            "P1",
            SR,
            HIGH,
            _("I brush off or play down my partner's feelings."),
            _("brush off or play down {their} partner's feelings"),
        ),
        _behaviour(
            "p2_self",
            "self",
            "P2",
            SR,
            HIGH,
            _("I keep our conversations to practical things like schedules, money and chores."),
            _("keep conversations to schedules, money and chores"),
        ),
        _behaviour(
            "p3_self",
            "self",
            "P3",
            SR,
            LOW,
            _("I ask about my partner's day, worries and hopes, and really want to know."),
            _("ask about {their} partner's worries, dreams and day"),
        ),
        _behaviour(
            "p4_self",
            "self",
            "P4",
            SR,
            LOW,
            _("When my partner is upset or struggling, I stay close and am there for them."),
            _("stay close through {their} partner's hard moments"),
        ),
        _behaviour(
            "p5_self",
            "self",
            "P5",
            SR,
            LOW,
            _("I offer my partner warm, everyday touch, like a hug or holding hands, that isn't about sex."),
            _("offer warm touch that isn't about sex"),
        ),
        _behaviour(
            "p6_self",
            "self",
            "P6",
            SR,
            HIGH,
            _("I forget things that matter to my partner, like important dates or news they have shared."),
            _("forget the dates and news that matter in {their} partner's life"),
        ),
        _behaviour(
            "p7_self",
            "self",
            "P7",
            SR,
            HIGH,
            _("I choose my phone, TV or work over time with my partner."),
            _("choose the phone, TV or work over time together"),
        ),
        _behaviour(
            "p8_self",
            "self",
            "P8",
            SR,
            HIGH,
            _("When my partner asks for closeness or attention, I get defensive, annoyed or blame them."),
            _("get defensive or blaming when asked for closeness"),
        ),
    ),
)

EXPERIENCE_2026_11 = Section(
    "experience",
    _("How you feel in the relationship"),
    _(
        "These questions are about your own feelings. Whatever you feel makes sense; "
        "you don't need to explain or justify it here."
    ),
    (
        _behaviour(
            "o1",
            "experience",
            "O1",
            OE,
            HIGH,
            _("I feel lonely, even though we share a life."),
            _("feel lonely in the relationship"),
        ),
        _behaviour(
            "o2",
            "experience",
            "O2",
            OE,
            HIGH,
            _("I feel that my thoughts and feelings don't really matter."),
            _("feel {their} thoughts and feelings don't matter"),
        ),
        _behaviour(
            "o3",
            "experience",
            "O3",
            OE,
            HIGH,
            _("I keep my feelings to myself because I expect them to be brushed aside."),
            _("hold back {their} feelings, expecting them to be brushed aside"),
        ),
        _behaviour(
            "o4",
            "experience",
            "O4",
            OE,
            HIGH,
            _("I wonder if something is wrong with me for wanting more closeness."),
            _("wonder whether {their} wish for more closeness is the problem"),
        ),
        _behaviour(
            "o5",
            "experience",
            "O5",
            OE,
            HIGH,
            _("I carry a sadness or emptiness about our relationship that doesn't lift."),
            _("feel sadness or emptiness in the relationship"),
        ),
        _behaviour(
            "o6",
            "experience",
            "O6",
            OE,
            HIGH,
            _("Friends or family understand me better than my partner does."),
            _("feel better understood by friends or family than by {their} partner"),
        ),
        _behaviour(
            "o7",
            "experience",
            "O7",
            OE,
            HIGH,
            _("Being in this relationship has worn down how I feel about myself."),
            _("feel {their} self-esteem wearing down"),
        ),
        _behaviour(
            "o8",
            "experience",
            "O8",
            OE,
            HIGH,
            _("I find myself checking out of the relationship emotionally."),
            _("are checking out emotionally"),
        ),
    ),
)

BIDS = Section(
    "bids",
    _("Reaching out"),
    _(
        "Every day partners reach out to each other in small ways: a comment, a question, a sigh, a story "
        "about the day, a hand on the shoulder. These questions are about what usually happens next."
    ),
    (
        Item(
            "bids_response_partner",
            "bids",
            Kind.CHOICE,
            _("When I reach out to my partner in a small way, my partner usually:"),
            "bids",
            PR,
            HIGH,
            BID_RESPONSE_BY_PARTNER,
            problem_from=2,
        ),
        Item(
            "bids_response_self",
            "bids",
            Kind.CHOICE,
            _("When my partner reaches out to me in a small way, I usually:"),
            "bids",
            SR,
            HIGH,
            BID_RESPONSE_BY_SELF,
            problem_from=2,
        ),
        Item(
            "bids_notice_partner",
            "bids",
            Kind.LIKERT,
            _("My partner notices when I reach out, even in small ways."),
            "bids",
            PR,
            LOW,
            FREQUENCY,
            phrase=_("notices {their} small ways of reaching out"),
        ),
        Item(
            "bids_notice_self",
            "bids",
            Kind.LIKERT,
            _("I notice when my partner reaches out, even in small ways."),
            "bids",
            SR,
            LOW,
            FREQUENCY,
            phrase=_("notice {their} partner's small ways of reaching out"),
        ),
    ),
)

RITUALS = Section(
    "rituals",
    _("Everyday moments together"),
    _("Small habits keep couples close. How often do these happen for the two of you?"),
    (
        Item(
            "ritual_morning",
            "rituals",
            Kind.LIKERT,
            _("When we part in the morning, we say a warm goodbye, with a kiss, a hug or a kind word."),
            "rituals",
            polarity=LOW,
            choices=FREQUENCY,
        ),
        Item(
            "ritual_reunion",
            "rituals",
            Kind.LIKERT,
            _("When we meet again at the end of the day, we give each other a few minutes before chores and plans."),
            "rituals",
            polarity=LOW,
            choices=FREQUENCY,
        ),
        Item(
            "ritual_bedtime",
            "rituals",
            Kind.LIKERT,
            _("Before sleep, we talk for a while with phones and screens put away."),
            "rituals",
            polarity=LOW,
            choices=FREQUENCY,
        ),
        Item(
            "ritual_weekly",
            "rituals",
            Kind.LIKERT,
            _("Each week we set aside time to talk about how we are doing as a couple."),
            "rituals",
            polarity=LOW,
            choices=FREQUENCY,
        ),
    ),
)

# Causes explain, they do not score: these never reach the agreement categories or a problem count.
CONTEXT_2026_11 = Section(
    "context",
    _("What may be behind it"),
    _(
        "Distance between partners usually has understandable roots, and knowing them helps your therapist "
        "respond with care rather than blame. These questions are about you. You can skip any of them."
    ),
    (
        Item(
            "context_childhood",
            "context",
            Kind.YESNO,
            _("In the family I grew up in, feelings were rarely talked about."),
            "context",
            choices=YES_NO,
            required=False,
        ),
        Item(
            "context_taught",
            "context",
            Kind.YESNO,
            _("I learned, from family, culture or ideas about men and women, that showing feelings is a weakness."),
            "context",
            choices=YES_NO,
            required=False,
        ),
        Item(
            "context_mood",
            "context",
            Kind.YESNO,
            _("I live with low mood or anxiety, or I find it hard to put my feelings into words."),
            "context",
            choices=YES_NO,
            required=False,
        ),
        Item(
            "context_resentment",
            "context",
            Kind.YESNO,
            _("A long stretch of conflict between us has left resentment behind."),
            "context",
            choices=YES_NO,
            required=False,
        ),
        Item(
            "context_overload",
            "context",
            Kind.YESNO,
            _("Work, children or the demands of daily life leave us little energy for each other."),
            "context",
            choices=YES_NO,
            required=False,
        ),
    ),
)

READINESS = Section(
    "readiness",
    _("Where you are now"),
    _(
        "Healing distance takes time and goodwill from both of you. These questions help your therapist "
        "know where to begin."
    ),
    (
        Item(
            "readiness_problem",
            "readiness",
            Kind.LIKERT,
            _("I believe emotional distance has become a problem between us."),
            "readiness",
            polarity=LOW,
            choices=AGREEMENT,
        ),
        Item(
            "readiness_change",
            "readiness",
            Kind.LIKERT,
            _("I am willing to change how I respond to my partner."),
            "readiness",
            polarity=LOW,
            choices=AGREEMENT,
        ),
        Item(
            "readiness_months",
            "readiness",
            Kind.LIKERT,
            _("I can commit to working on this for several months."),
            "readiness",
            polarity=LOW,
            choices=AGREEMENT,
        ),
        Item(
            "readiness_guidance",
            "readiness",
            Kind.LIKERT,
            _("I am open to guidance from our therapist."),
            "readiness",
            polarity=LOW,
            choices=AGREEMENT,
        ),
        Item(
            "readiness_openness",
            "readiness",
            Kind.LIKERT,
            _("I feel safe enough to be open with my partner about how I feel."),
            "readiness",
            polarity=LOW,
            choices=AGREEMENT,
        ),
        # Being unsure already matters for the plan, not only leaning towards leaving.
        Item(
            "stance",
            "readiness",
            Kind.CHOICE,
            _("Where do you stand in the relationship right now?"),
            "stance",
            polarity=HIGH,
            choices=STANCE,
            problem_from=2,
            help_text=_(
                "Many people feel unsure at the start. An honest answer helps your therapist "
                "suggest the right kind of help."
            ),
        ),
    ),
)


def _offer(section: Section, decline: Choice | None) -> Section:
    """`section` with `decline` offered beside the scale on every item (None: on none)."""
    return replace(section, items=tuple(replace(item, decline=decline) for item in section.items))


# "I'd rather not say" keeps these optional in substance: it counts as missing, and the therapist is told.
EXPERIENCE = _offer(EXPERIENCE_2026_11, NOT_SAY)
CONTEXT = _offer(CONTEXT_2026_11, NOT_SAY)

CSI4_ITEMS = (
    Item(
        "csi4_1",
        "csi4",
        Kind.CHOICE,
        _("Please indicate the degree of happiness, all things considered, of your relationship."),
        "csi4",
        polarity=LOW,
        choices=CSI4_HAPPINESS,
    ),
    Item(
        "csi4_2",
        "csi4",
        Kind.CHOICE,
        _("I have a warm and comfortable relationship with my partner."),
        "csi4",
        polarity=LOW,
        choices=CSI4_TRUE,
    ),
    Item(
        "csi4_3",
        "csi4",
        Kind.CHOICE,
        _("How rewarding is your relationship with your partner?"),
        "csi4",
        polarity=LOW,
        choices=CSI4_DEGREE,
    ),
    Item(
        "csi4_4",
        "csi4",
        Kind.CHOICE,
        _("In general, how satisfied are you with your relationship?"),
        "csi4",
        polarity=LOW,
        choices=CSI4_DEGREE,
    ),
)

# No "I'd rather not say" here: the CSI-4 is scored only when complete. Its citation is for the therapist and
# the PDF (CSI4_CITATION), not the partner's page.
CSI4 = Section(
    "csi4",
    _("Your relationship overall"),
    _("Four short questions about how satisfied you feel with your relationship as a whole."),
    CSI4_ITEMS,
)


def _safety(key: str, tier: SafetyTier, text: str, help_text: str = "") -> Item:
    # A "yes" is the problem end, so is_problem() flags any endorsement. YESNO is never scored. "I'd rather tell
    # my therapist in person" is a tier B finding of its own, whatever the item's tier.
    return Item(
        key,
        "safety",
        Kind.YESNO,
        text,
        "safety",
        polarity=HIGH,
        choices=YES_NO,
        safety=True,
        help_text=help_text,
        tier=tier,
        decline=IN_PERSON,
    )


SAFETY_INTRO = _(
    "We ask everyone these questions, whatever their relationship is like. Your answers go only to your "
    "therapist. Your partner will never see them, or whether you answered them. If you can, answer "
    "these when you are on your own."
)

# Whether and how the practice may contact the partner: kept on the partner's record (Partner.may_email) for
# every message the practice sends.
CONTACT_KEY = "contact_ok"
CONTACT_CHOICES: tuple[Choice, ...] = (
    Choice(1, _("Yes, by email or text message")),
    Choice(2, _("By email only")),
    Choice(3, _("By text message only")),
    Choice(4, _("No, please don't email or text me")),
)
CONTACT_EMAIL_OK = frozenset({1, 2})
CONTACT_TEXT_OK = frozenset({1, 3})
CONTACT_AVOID_MAX_LENGTH = 500

# Asked of everyone, about behaviour rather than labels (docs/clinical.md, safety screening and tiers). Nothing
# here may reach the other partner, and a saved answer is never shown again, even to the partner who gave it.
SAFETY = Section(
    "safety",
    _("Your safety and wellbeing"),
    SAFETY_INTRO,
    (
        _safety(
            "safety_afraid",
            SafetyTier.A,
            _("Do you ever feel afraid of your partner?"),
            _("Include being afraid of what they might do, even if nothing has happened."),
        ),
        _safety(
            "safety_hurt",
            SafetyTier.A,
            _(
                "In the past year, has your partner pushed, slapped, hit or kicked you, or hurt you physically in another way?"
            ),
        ),
        # Asked on its own: someone who thinks "it didn't hurt" answers no to the question above, and non-fatal
        # strangulation is among the strongest warning signs of later lethal violence (Glass et al. 2008).
        _safety(
            "safety_strangled",
            SafetyTier.A,
            _(
                "Has your partner ever put their hands, an arm or anything else around your neck, or pressed on "
                "your throat, even for a moment?"
            ),
            _("Please answer yes even if it was brief, left no mark, or did not feel like being hurt."),
        ),
        _safety(
            "safety_threatened",
            SafetyTier.A,
            _("Has your partner threatened to hurt you, your children, someone close to you, or a pet?"),
        ),
        _safety(
            "safety_insulted",
            SafetyTier.B,
            _("Does your partner insult you, scream at you or put you down, in private or in front of others?"),
        ),
        _safety(
            "safety_controlled",
            SafetyTier.A,
            _("Does your partner control or check your money, your phone, who you see or where you go?"),
        ),
        _safety(
            "safety_sexual",
            SafetyTier.A,
            _("Has your partner pressured or forced you into sexual activity you did not want?"),
        ),
        _safety(
            "safety_unsafe_joint",
            SafetyTier.B,
            _("Is there something you would not feel safe saying with your partner in the room?"),
            _("If there is, your therapist can make time to hear it from you alone."),
        ),
        # Asked of both partners and worded without blame: the screening literature asks about one's own
        # aggression as well as the partner's (Stith, McCollum & Rosen 2011).
        _safety(
            "safety_own_aggression",
            SafetyTier.B,
            _(
                "In the past year, when an argument got heated, have you yourself pushed, grabbed or hit your "
                "partner, or thrown or broken things?"
            ),
            _(
                "Many people have at some point. Your therapist asks everyone this so that sessions can be safe "
                "for both of you."
            ),
        ),
        _safety(
            SAFETY_SELF_HARM_KEY,
            SafetyTier.SELF_HARM,
            _("Lately, have you had thoughts of harming yourself or of ending your life?"),
            _(
                "If you might act on these thoughts now, please call your local emergency number or a "
                "crisis line straight away. You will find help listed on this page."
            ),
        ),
        Item(
            CONTACT_KEY,
            "safety",
            Kind.CHOICE,
            _("Is it safe for the practice to contact you by email or text message?"),
            "contact",
            choices=CONTACT_CHOICES,
            help_text=_("For example about appointments or this questionnaire. You can change this later."),
        ),
        Item(
            "contact_avoid",
            "safety",
            Kind.TEXT,
            _("Is there anything the practice should avoid when contacting you?"),
            "contact",
            required=False,
            max_length=CONTACT_AVOID_MAX_LENGTH,
            help_text=_("For example a time of day, or a phone or inbox that someone else reads."),
        ),
    ),
    private=True,
)

AFFAIR: tuple[Choice, ...] = (
    Choice(0, _("No, not that I know of")),
    Choice(1, _("Yes, I am")),
    Choice(2, _("Yes, I believe my partner is")),
    Choice(3, _("Yes, both of us")),
)
SUBSTANCE: tuple[Choice, ...] = (
    Choice(0, _("No")),
    Choice(1, _("Yes, my own")),
    Choice(2, _("Yes, my partner's")),
    Choice(3, _("Yes, both of ours")),
)
CHILDREN: tuple[Choice, ...] = (
    Choice(0, _("No children live with us")),
    Choice(1, _("Yes, and they don't seem affected")),
    Choice(2, _("Yes, and I'm not sure")),
    Choice(3, _("Yes, and I think they feel it")),
)


def _private(key: str, kind: Kind, text: str, choices: tuple[Choice, ...], polarity: Polarity = Polarity.NONE) -> Item:
    return Item(
        key, "private", kind, text, "private", polarity=polarity, choices=choices, required=False, decline=IN_PERSON
    )


# What can rule out joint work besides abuse (the "three A's": abuse, affairs, addiction), worn-away trust (the
# article's "irreparable damage") and the children at home (the article's section on them). Therapist-only,
# never in a handout or a joint view; not scored; optional.
PRIVATE = Section(
    "private",
    _("Other things your therapist should know"),
    _(
        "Some things are hard to say in front of a partner, yet they change what kind of help fits. Your "
        "answers go only to your therapist, and this page never shows them again once saved. You can skip "
        "any question."
    ),
    (
        _private(
            "private_affair",
            Kind.CHOICE,
            _("Is either of you romantically or sexually involved with someone else at the moment?"),
            AFFAIR,
        ),
        _private(
            "private_substance",
            Kind.CHOICE,
            _("Does drinking or drug use, yours or your partner's, worry either of you?"),
            SUBSTANCE,
        ),
        _private(
            "private_trust",
            Kind.LIKERT,
            _("So much has happened that the trust or respect between us may be too worn away to rebuild."),
            AGREEMENT,
            HIGH,
        ),
        _private(
            "private_children",
            Kind.CHOICE,
            _("Do children live at home with you, and do they seem touched by the distance between you two?"),
            CHILDREN,
        ),
    ),
    private=True,
)

# Last, so the intake ends on hope rather than on the safety questions.
THOUGHTS = Section(
    "thoughts",
    _("In your own words"),
    _("Write as much or as little as you like. Your therapist will read it before your first session."),
    (
        Item(
            "free_reason",
            "thoughts",
            Kind.TEXT,
            _("What brings you here now?"),
            "free",
            required=False,
            max_length=FREE_TEXT_MAX_LENGTH,
        ),
        Item(
            "free_hope",
            "thoughts",
            Kind.TEXT,
            _("What would you most like to change?"),
            "free",
            required=False,
            max_length=FREE_TEXT_MAX_LENGTH,
        ),
    ),
)

QUESTIONNAIRE: Questionnaire = Questionnaire(
    VERSION, (PARTNER, SELF, EXPERIENCE, BIDS, RITUALS, CONTEXT, READINESS, CSI4, SAFETY, PRIVATE, THOUGHTS)
)
