"""The comparison's second voice: themes a couple can hear together, with no answer attributed to either partner.

Pure like intake.comparison: standard library and the comparison's own types only, never Django. A theme is a kind
and a topic; intake.comparison_text words it (docs/clinical.md, "Two voices: detail and themes").
"""

from collections.abc import Sequence

from intake.comparison_types import (
    Answer,
    AreaComparison,
    BidsDirection,
    Category,
    ExperienceComparison,
    Overlap,
    SideBySide,
    Theme,
    ThemeKind,
)

BIDS = "bids"


def area_kind(area: AreaComparison) -> ThemeKind | None:
    """One theme per area: a concern both share comes first (start there), then a difference, then a strength
    both directions share. A middle or missing answer says nothing to the room."""
    categories = {direction.category for direction in area.directions}
    if Category.SHARED_CONCERN in categories:
        return ThemeKind.SHARED_CONCERN
    if Category.PERCEPTION_GAP in categories:
        return ThemeKind.DIFFERENT_VIEWS
    if categories == {Category.SHARED_STRENGTH}:
        return ThemeKind.STRENGTH
    return None


def _problem(answer: Answer | None) -> bool | None:
    return None if answer is None else bool(answer.problem)


def bids_kind(bids: Sequence[BidsDirection]) -> ThemeKind | None:
    """How reaching out is answered, in both directions: each seen by the one reaching out and by the one answering."""
    pairs = [(_problem(d.response), _problem(d.self_response)) for d in bids]
    pairs = [pair for pair in pairs if None not in pair]  # a direction with a missing answer says nothing
    if not pairs:
        return None
    if any(seen and own for seen, own in pairs):
        return ThemeKind.SHARED_CONCERN
    if any(seen != own for seen, own in pairs):
        return ThemeKind.DIFFERENT_VIEWS
    return ThemeKind.STRENGTH if len(pairs) == len(bids) else None


def ritual_kind(row: SideBySide) -> ThemeKind | None:
    if row.a is None or row.b is None or row.a.score is None or row.b.score is None:
        return None
    if row.a.problem and row.b.problem:
        return ThemeKind.BOTH_MISS
    if row.a.score <= 1 and row.b.score <= 1:  # "often" or "almost always" from both
        return ThemeKind.STRENGTH
    return None


ORDER = (ThemeKind.STRENGTH, ThemeKind.SHARED_CONCERN, ThemeKind.BOTH_FEEL, ThemeKind.BOTH_MISS)


def themes(
    areas: Sequence[AreaComparison],
    bids: Sequence[BidsDirection],
    experience: Sequence[ExperienceComparison],
    rituals: Sequence[SideBySide],
) -> tuple[Theme, ...]:
    """Strengths first, then what both find hard (shared concerns, feelings, missed rituals), then the
    differences; within a kind, in questionnaire order."""
    found = [Theme(kind, area.key) for area in areas if (kind := area_kind(area))]
    if kind := bids_kind(bids):
        found.append(Theme(kind, BIDS))
    found += [Theme(ThemeKind.BOTH_FEEL, row.area) for row in experience if row.overlap == Overlap.BOTH]
    found += [Theme(kind, row.key) for row in rituals if (kind := ritual_kind(row))]
    rank = {kind: index for index, kind in enumerate((*ORDER, ThemeKind.DIFFERENT_VIEWS))}
    return tuple(sorted(found, key=lambda theme: rank[theme.kind]))
