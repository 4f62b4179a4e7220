"""The form renderer against plain crispy: the intake's busiest step, rendered in-process three ways.

Step 3 of the intake (own experience: eight questions of five radios each), once as a partner first
sees it (half answered) and once after a "Next" with answers missing (every error shown), rendered by:
Attune's renderer (intake.controls, what the page uses), plain crispy-bootstrap5 (`{% crispy %}` with
its own field templates), and crispy with Attune's template pack (templates/attune/, whose field
template hands each field to the same renderer). Best of several runs, production settings.
"""

import os
import secrets
import sys
import timeit
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.forms import StepForm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "ATTUNE_DEBUG": "0",  # cached template loader, as in production
        "ATTUNE_SECRET_KEY": secrets.token_urlsafe(50),
        "ATTUNE_ALLOWED_HOSTS": "127.0.0.1",
    }
)
RUNS, REPEAT = 200, 5


def main() -> None:
    import clinic.settings

    # Plain crispy's own template pack, here only, to have it to measure against.
    clinic.settings.INSTALLED_APPS = [*clinic.settings.INSTALLED_APPS, "crispy_bootstrap5"]
    clinic.settings.CRISPY_ALLOWED_TEMPLATE_PACKS = ("attune", "bootstrap5")

    import django

    django.setup()
    from crispy_forms.helper import FormHelper
    from django.template import Context, Template

    from intake.forms import StepForm
    from intake.questionnaire import QUESTIONNAIRE

    section = QUESTIONNAIRE.sections[2]
    saved = {item.key: item.choices[1].value for item in section.items[:4]}
    forms = {
        "first visit": lambda: StepForm(section, initial=saved),
        "with errors": lambda: _invalid(StepForm(section, {"action": "next", "o1": "2"}, action="next")),
    }
    crispy = Template("{% load crispy_forms_tags %}{% crispy form helper %}")

    def with_pack(pack: str) -> Callable[[StepForm], str]:
        helper = FormHelper()
        helper.form_tag, helper.disable_csrf, helper.template_pack = False, True, pack
        return lambda form: crispy.render(Context({"form": form, "helper": helper}))

    renderers: dict[str, Callable[[StepForm], str]] = {
        "Attune's renderer": lambda form: form.questions(),
        "crispy-bootstrap5": with_pack("bootstrap5"),
        "crispy, Attune's pack": with_pack("attune"),
    }
    print(f"intake step 3 ({len(section.items)} questions), ms per render, best of {REPEAT} x {RUNS}")
    print(f"{'renderer':<24}" + "".join(f"{name:>14}" for name in forms) + f"{'vs Attune':>12}")
    baseline: list[float] = []
    for label, render in renderers.items():
        times = [_best(partial(_render, render, make)) for make in forms.values()]
        baseline = baseline or times
        ratio = sum(times) / sum(baseline)
        print(f"{label:<24}" + "".join(f"{t:>14.3f}" for t in times) + f"{ratio:>11.1f}x")


def _invalid(form: "StepForm") -> "StepForm":
    form.is_valid()
    return form


def _render(render: Callable[["StepForm"], str], make: Callable[[], "StepForm"]) -> str:
    return render(make())


def _best(job: Callable[[], object]) -> float:
    return min(timeit.repeat(job, number=RUNS, repeat=REPEAT)) / RUNS * 1000


if __name__ == "__main__":
    main()
