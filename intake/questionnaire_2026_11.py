"""The questionnaire as partners answered it before version 2026-12, kept so their answers stay readable.

Pure like intake.questionnaire. Only the parts that changed are written out here; every other section is the
current one. Its keys and answers are a subset of the current version's, so intakes of both versions compare
with the current questionnaire (tests/test_questionnaire_versions.py holds that).
"""

from dataclasses import replace

from intake.questionnaire import (
    BIDS,
    CONTEXT_2026_11,
    CSI4_ITEMS,
    EXPERIENCE_2026_11,
    PARTNER,
    PREVIOUS_VERSION,
    READINESS,
    RITUALS,
    SAFETY,
    SAFETY_INTRO,
    SAFETY_SELF_HARM_KEY,
    SELF,
    THOUGHTS,
    Questionnaire,
    Section,
    _,
)

CSI4 = Section(
    "csi4",
    _("Your relationship overall"),
    _(
        "Four short questions about how satisfied you feel with your relationship as a whole. "
        "Source: Funk, J. L., & Rogge, R. D. (2007). Testing the ruler with item response theory: Increasing "
        "precision of measurement for relationship satisfaction with the Couples Satisfaction Index. Journal of "
        "Family Psychology, 21(4), 572-583. doi:10.1037/0893-3200.21.4.572"
    ),
    CSI4_ITEMS,
)

# Seven yes-or-no items; choking was part of the "physically hurt" item.
_KEPT = ("safety_afraid", "safety_threatened", "safety_insulted", "safety_controlled", "safety_sexual")
_current = {item.key: item for item in SAFETY.items}
SAFETY_ITEMS = (
    replace(_current["safety_afraid"], decline=None),
    replace(
        _current["safety_hurt"],
        text=_(
            "In the past year, has your partner physically hurt you, for example by "
            "pushing, slapping, hitting, kicking or choking you?"
        ),
        decline=None,
    ),
    *(replace(_current[key], decline=None) for key in _KEPT[1:]),
    replace(_current[SAFETY_SELF_HARM_KEY], decline=None),
)
SAFETY_2026_11 = Section("safety", SAFETY.title, SAFETY_INTRO, SAFETY_ITEMS, private=True)

QUESTIONNAIRE_2026_11: Questionnaire = Questionnaire(
    PREVIOUS_VERSION,
    (PARTNER, SELF, EXPERIENCE_2026_11, BIDS, RITUALS, CONTEXT_2026_11, READINESS, CSI4, SAFETY_2026_11, THOUGHTS),
)
