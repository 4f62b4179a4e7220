"""The check-in form: the whole check-in (intake.checkin_questionnaire) on one page, validated like a step.

It is the intake's StepForm over every item of the check-in at once, so a post no browser would send is refused
whole, "Send" asks for the required answers, and the answers already given are kept when some are missing. The
safety answers already saved are never shown again and need no new answer (`kept`).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from intake.controls import control_for, render_all
from intake.forms import StepForm
from intake.questionnaire import Questionnaire, Section


@dataclass(frozen=True)
class Group:
    """One section of the check-in as the page shows it: its heading and intro, then its questions."""

    section: Section
    questions: SafeString


class CheckInForm(StepForm):
    def __init__(self, questionnaire: Questionnaire, *args: Any, **kwargs: Any) -> None:
        self.questionnaire = questionnaire
        # One private section of every item: a kept safety answer is never redisplayed, and only the kept keys
        # (the safety items already answered) are spared a new answer.
        whole = Section("check_in", "", "", questionnaire.items, private=True)
        super().__init__(whole, *args, **kwargs)

    def groups(self) -> list[Group]:
        return [
            Group(section, render_all(control_for(self[item.key]) for item in section.items))
            for section in self.questionnaire.sections
        ]
