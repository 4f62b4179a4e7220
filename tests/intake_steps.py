"""Helpers that answer the questionnaire the way a browser would."""

from typing import Any

from django.test import Client

from intake.questionnaire import QUESTIONNAIRE, Item, Kind, Section


def answer_for(item: Item, pick: int = 0) -> str:
    if item.kind == Kind.TEXT:
        return f"My own words for {item.key}."
    return str(item.choices[pick % len(item.choices)].value)


def step_data(section: Section, pick: int = 0, action: str = "next", **overrides: Any) -> dict[str, str]:
    data = {item.key: answer_for(item, pick) for item in section.items}
    if section.private:
        # Nothing endorsed, email and text fine, the optional private items left unanswered.
        data = {item.key: "0" if item.safety else answer_for(item) for item in section.items if item.required}
    data.update(overrides)
    data["action"] = action
    return data


def consent(client: Client) -> None:
    response = client.post("/i/welcome/", {"agree": "on"})
    assert response.status_code == 303


def answer_steps(client: Client, first: int = 1, last: int | None = None, pick: int = 0) -> None:
    last = last or QUESTIONNAIRE.step_count
    for number in range(first, last + 1):
        section = QUESTIONNAIRE.sections[number - 1]
        response = client.post(f"/i/step/{number}/", step_data(section, pick))
        assert response.status_code == 303, (number, response.context and response.context["form"].errors)


def complete_intake(client: Client, pick: int = 0) -> None:
    consent(client)
    answer_steps(client, pick=pick)
    response = client.post("/i/review/")
    assert response.status_code == 303 and response["Location"] == "/i/done/"
