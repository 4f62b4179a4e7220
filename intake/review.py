"""The review page's rows: each answer as the partner gave it, with where to change it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from intake.questionnaire import Item, Kind, Questionnaire


@dataclass(frozen=True)
class ReviewRow:
    item: Item
    answer: str
    answered: bool


@dataclass(frozen=True)
class ReviewSection:
    number: int
    title: str
    private: bool
    rows: tuple[ReviewRow, ...]
    answered: int


def _answer_text(item: Item, value: int | str | None) -> str:
    if value is None or value == "":
        return _("Not answered")
    if item.kind == Kind.TEXT:
        return str(value)
    return next(_(choice.label) for choice in item.options if choice.value == value)


def review_rows(questionnaire: Questionnaire, saved: dict[str, int | str]) -> list[ReviewSection]:
    sections = []
    for number, section in enumerate(questionnaire.sections, start=1):
        rows = tuple(
            ReviewRow(item, _answer_text(item, saved.get(item.key)), item.key in saved) for item in section.items
        )
        answered = sum(row.answered for row in rows)
        sections.append(ReviewSection(number, _(section.title), section.private, rows, answered))
    return sections
