"""Whole-questionnaire checks: what no single model can see on its own.

Each check yields `Problem` objects with a field path; the
loader adds file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_CEILING, Decimal
from typing import Any

from pydantic import BaseModel

from ._kinds import Bad, as_roster, kind_of, listing, suggest
from .conditions import AnswerTest, Condition, ScoreTest, iter_conditions
from .errors import Problem, excerpt, format_path
from .questionnaire import (
    GAP_PLACEHOLDERS,
    GROUPED_PLACEHOLDERS,
    MATURITY_LEVELS,
    SCALE_TOPS,
    DepartmentMention,
    GapAction,
    GroupedText,
    MaturityLevel,
    Question,
    Questionnaire,
    RosterField,
    RosterQuestion,
    StaffingRules,
)

Path = tuple[str | int, ...]

__all__ = ["check_questionnaire", "duplicate_ids", "questionnaire_advice"]


def check_questionnaire(
    q: Questionnaire,
    ignore: frozenset[str] = frozenset(),
    *,
    levels: bool = True,
    texts: bool = True,
    ids: bool = True,
) -> list[Problem]:
    """Every problem of `q` that needs the whole questionnaire to be seen.

    `ignore` holds ids of parts set aside because they were broken: a reference to one of
    them is not reported as dangling (the part exists, it is broken; its own problem is
    reported). `levels=False` skips the coverage of maturity levels (when one of them was
    set aside); `texts=False` skips the languages of texts (when the list of languages
    itself was broken); `ids=False` skips the uniqueness of ids (checked on the file's
    data instead, with `duplicate_ids`, when parts were set aside).
    """
    problems = [
        *(duplicate_ids(q.model_dump(by_alias=True)) if ids else ()),
        *(_texts(q, q.languages) if texts else ()),
        *_questions(q, ignore),
        *_recommendations(q, ignore),
        *_reference_figures(q, ignore),
        *_staffing(q, ignore),
        *_level_caps(q, ignore),
        *_scale_references(q, ignore),
        *_action_plan(q, ignore),
    ]
    if levels:
        problems += _levels(q)
    return problems


def questionnaire_advice(q: Questionnaire) -> list[Problem]:
    """What is allowed but likely a slip, as warnings (never errors): a recommendation with
    neither `leads_to` nor `benefit`, or a kind of staffing gap without `benefit`, whose
    actions will show no expected gain."""
    found = [
        Problem(
            f"recommendation {excerpt(rec.id)} has neither leads_to nor benefit: its action"
            " will show no expected gain",
            path=("recommendations", i),
            expected="leads_to (the answers once it is done) or benefit (what it brings)",
        )
        for i, rec in enumerate(q.recommendations)
        if not rec.leads_to and rec.benefit is None
    ]
    if q.staffing is not None:
        found += [
            Problem(
                f"the gap kind {excerpt(kind)} has no benefit: its actions will show no"
                " expected gain",
                path=("staffing", "gaps", kind),
                expected="benefit (what closing the gap brings)",
            )
            for kind, action in q.staffing.gaps.items()
            if action.benefit is None
        ]
    return found


def _quote(values: Any) -> str:
    return listing(list(values))


def _items(node: Any, key: str) -> list[tuple[int, Any]]:
    """The mappings listed under `key` of `node`, with their indices, whatever else the
    (possibly broken) data holds."""
    found = node.get(key) if isinstance(node, dict) else None
    if not isinstance(found, list):
        return []
    return [(i, item) for i, item in enumerate(found) if isinstance(item, dict)]


def duplicate_ids(data: Any) -> Iterator[Problem]:
    """Ids used twice in a questionnaire's data — read from the data as written, so that a
    duplicate is seen even when one of the twins is broken and set aside."""
    seen: dict[str, Path] = {}
    entries: list[tuple[Any, Path]] = []
    groups = ("dimensions", "departments", "maturity_levels", "level_scales", "recommendations")
    for group in (*groups, "level_caps"):
        entries += [(item.get("id"), (group, i, "id")) for i, item in _items(data, group)]
    for s, step in _items(data, "steps"):
        entries.append((step.get("id"), ("steps", s, "id")))
        for c, section in _items(step, "sections"):
            entries.append((section.get("id"), ("steps", s, "sections", c, "id")))
            for n, question in _items(section, "questions"):
                path: Path = ("steps", s, "sections", c, "questions", n, "id")
                entries.append((question.get("id"), path))
    for ident, path in entries:
        if not isinstance(ident, str):
            continue
        if ident in seen:
            yield Problem(
                f"id {excerpt(ident)} is already used at {format_path(seen[ident])}",
                path=path,
                expected="ids unique across the questionnaire",
            )
        else:
            seen[ident] = path


def _texts(model: BaseModel, languages: list[str], path: Path = ()) -> Iterator[Problem]:
    """In a questionnaire, every mapping of strings is a user-facing text."""
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        if key == "leads_to":  # answers, not texts
            continue
        value = getattr(model, name)
        yield from _texts_in(value, languages, (*path, key))


def _texts_in(value: Any, languages: list[str], path: Path) -> Iterator[Problem]:
    if isinstance(value, BaseModel):
        yield from _texts(value, languages, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts_in(item, languages, (*path, i))
    elif isinstance(value, dict) and (
        not value and path[-1] == "needed_when"
    ):  # an empty mapping of conditions, not a text
        return
    elif isinstance(value, dict) and not all(isinstance(v, str) for v in value.values()):
        for key, item in value.items():
            yield from _texts_in(item, languages, (*path, key))
    elif isinstance(value, dict):
        missing = [lang for lang in languages if lang not in value]
        extra = [lang for lang in value if lang not in languages]
        if missing:
            yield Problem(
                f"text missing in {_quote(missing)}",
                path=path,
                expected=f"a text in each language of the questionnaire: {_quote(languages)}",
            )
        for lang in extra:
            yield Problem(
                f"text in undeclared language {excerpt(lang)}",
                path=(*path, lang),
                expected=f"only the declared languages {_quote(languages)}",
            )
        for lang, text in value.items():
            if isinstance(text, str) and not text.strip():
                yield Problem("text is blank", path=(*path, lang), expected="some words")


def _levels(q: Questionnaire) -> Iterator[Problem]:
    """Every level scale covers its scale with no gap and no overlap."""
    if q.maturity_levels:
        yield from _coverage(q.maturity_levels, "0-100", None, ("maturity_levels",))
    for i, scale in enumerate(q.level_scales):
        yield from _coverage(
            scale.levels, scale.scale, scale.decimals, ("level_scales", i, "levels")
        )


def _shown(value: float, included: bool) -> str:
    return f"{value:g} ({'included' if included else 'excluded'})"


def _holds_a_score(
    low: float, low_in: bool, high: float, high_in: bool, decimals: int | None
) -> bool:
    """Whether a score can fall between `low` and `high` (each end in or out): any number
    at all, or, when scores are rounded to `decimals`, a number with that many decimals."""
    if low > high or (low == high and not (low_in and high_in)):
        return False
    if decimals is None:
        return True
    step = Decimal(1).scaleb(-decimals)
    first = (Decimal(repr(low)) / step).to_integral_value(rounding=ROUND_CEILING) * step
    if first == Decimal(repr(low)) and not low_in:
        first += step
    last = Decimal(repr(high))
    return first < last or (first == last and high_in)


def _coverage(
    levels: list[MaturityLevel], scale: str, decimals: int | None, path: Path
) -> Iterator[Problem]:
    """The levels of one scale, in order, cover it from 0 to its top, each score once."""
    top = SCALE_TOPS[scale]
    outside = list(_bounds(levels, top, decimals, path))
    yield from outside
    if any(p.message.endswith(f"outside the scale 0–{top}") for p in outside):
        return
    high, high_in = 0.0, False  # covered so far: nothing, up to 0 excluded
    for j, level in enumerate(levels):
        band = level.band(last=j == len(levels) - 1)
        low_field = level.ends()[0][0]
        if band.low < high or (band.low == high and band.low_in and high_in and j > 0):
            if level.legacy:
                message = f"level starts at {band.low:g}: overlaps the previous level"
            else:
                message = f"{_shown(band.low, band.low_in)} is already in the previous level"
            yield Problem(
                message, path=(*path, j, low_field), expected=_expected(level, high, high_in, top)
            )
        elif _holds_a_score(high, not high_in, band.low, not band.low_in, decimals) and not (
            j == 0 and band.low == 0 and band.low_in
        ):
            if level.legacy:
                message = f"level starts at {band.low:g}: leaves a gap"
            else:
                message = (
                    f"scores from {_shown(high, not high_in)} to"
                    f" {_shown(band.low, not band.low_in)} have no level"
                )
            yield Problem(
                message,
                path=(*path, j, low_field),
                expected=_expected(level, high, high_in, top, decimals),
            )
        if band.high > high or (band.high == high and band.high_in):
            high, high_in = band.high, band.high_in
    last = levels[-1]
    if _holds_a_score(high, not high_in, top, True, decimals):
        high_field = last.ends()[-1][0]
        if last.legacy:
            message = f"the last level stops at {high:g}"
            expected = f"to: {top}, so that levels cover 0–{top}"
        else:
            message = f"scores above {high:g}{'' if high_in else ' (included)'} have no level"
            expected = f"a last level with at_most: {top}"
        yield Problem(message, path=(*path, len(levels) - 1, high_field), expected=expected)


def _bounds(
    levels: list[MaturityLevel], top: int, decimals: int | None, path: Path
) -> Iterator[Problem]:
    """Each end of each level lies on the scale; exact levels can be reached."""
    for j, level in enumerate(levels):
        for name, value in level.ends():
            if not 0 <= value <= top:
                yield Problem(
                    f"{value:g} is outside the scale 0–{top}",
                    path=(*path, j, name),
                    expected=f"a number from 0 to {top}",
                )
        if level.at is None:
            continue
        if decimals is None:
            yield Problem(
                f"an exact level ({level.at:g}) is reached only by scores rounded before banding",
                path=(*path, j, "at"),
                expected="decimals: on the level scale (e.g. decimals: 2)",
            )
        elif Decimal(repr(level.at)) != round(Decimal(repr(level.at)), decimals):
            yield Problem(
                f"{level.at:g} is never a score rounded to {decimals} decimals",
                path=(*path, j, "at"),
                expected=f"a value with at most {decimals} decimals",
            )


def _expected(
    level: MaturityLevel, high: float, high_in: bool, top: int, decimals: int | None = None
) -> str:
    if level.legacy:
        return f"from: {high:g}, levels in increasing order covering 0–{top}"
    start = f"above: {high:g}" if high_in else f"at_least: {high:g}"
    if high == 0 and not high_in:
        start = "at_least: 0"
    rounding = (
        ", or decimals: on the scale, so that scores are rounded before banding"
        if decimals is None
        else ""
    )
    return f"{start}, levels in increasing order covering 0–{top}{rounding}"


def _scale_references(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    """Every level scale named exists, its level ids are unique, and scores it rounds
    before banding are shown as they are banded."""
    known = q.level_scales_by_id
    for i, scale in enumerate(q.level_scales):
        if scale.id == MATURITY_LEVELS:
            yield Problem(
                f"{MATURITY_LEVELS} names the maturity levels",
                path=("level_scales", i, "id"),
                expected="another id",
            )
        seen: set[str] = set()
        for j, level in enumerate(scale.levels):
            if level.id in seen:
                yield Problem(
                    f"level id {excerpt(level.id)} appears twice in this scale",
                    path=("level_scales", i, "levels", j, "id"),
                    expected="level ids unique within their scale",
                )
            seen.add(level.id)
    expected = f"one of {_quote(known)}" if known else "a scale declared in level_scales"
    named: list[tuple[Path, str, Any, str | None]] = []
    defaults = q.levels
    for kind in ("overall", "step", "section", "dimension"):
        field = "overall" if kind == "overall" else f"{kind}s"
        if defaults is not None and getattr(defaults, field) is not None:
            named.append((("levels", field), getattr(defaults, field), kind, None))
    for s, step in enumerate(q.steps):
        if step.levels is not None:
            named.append((("steps", s, "levels"), step.levels, "step", step.id))
        for c, section in enumerate(step.sections):
            if section.levels is not None:
                path: Path = ("steps", s, "sections", c, "levels")
                named.append((path, section.levels, "section", section.id))
    for d, dimension in enumerate(q.dimensions):
        if dimension.levels is not None:
            named.append((("dimensions", d, "levels"), dimension.levels, "dimension", dimension.id))
    for path, name, _, _ in named:
        if name not in known and name not in aside:
            yield Problem(f"unknown level scale {excerpt(name)}", path=path, expected=expected)
    yield from _shown_as_banded(q, named)


def _shown_as_banded(
    q: Questionnaire, named: list[tuple[Path, str, Any, str | None]]
) -> Iterator[Problem]:
    """A score whose level scale rounds it before banding is shown on that scale with those
    decimals: what is printed and the level agree."""
    where = {(kind, ident): path for path, _, kind, ident in named}
    scores: list[tuple[Any, str | None]] = [("overall", None)]
    scores += [("step", s.id) for s in q.steps]
    scores += [("section", c.id) for s in q.steps for c in s.sections]
    scores += [("dimension", d.id) for d in q.dimensions]
    reported: set[Path] = set()
    for kind, ident in scores:
        scale = q.scale_for(kind, ident)
        if scale is None or scale.decimals is None:
            continue
        shown = q.display_for(kind, ident)
        if SCALE_TOPS[shown.scale] == SCALE_TOPS[scale.scale] and shown.digits == scale.decimals:
            continue
        path = where.get((kind, ident)) or where.get((kind, None)) or ("levels", "overall")
        if path in reported:
            continue
        reported.add(path)
        yield Problem(
            f"level scale {excerpt(scale.id)} bands scores on {scale.scale} rounded to"
            f" {scale.decimals} decimals, but they are shown on {shown.scale} with"
            f" {shown.digits}",
            path=path,
            expected=f"a display of {scale.scale} with decimals: {scale.decimals} for these"
            " scores, so that each is banded as it is shown",
        )


def _questions(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    dimensions = {d.id for d in q.dimensions} | aside
    earlier: dict[str, Question] = {}
    for s, step in enumerate(q.steps):
        for c, section in enumerate(step.sections):
            for n, question in enumerate(section.questions):
                path: Path = ("steps", s, "sections", c, "questions", n)
                for d, dim in enumerate(question.dimensions):
                    if dim not in dimensions:
                        yield Problem(
                            f"unknown dimension {excerpt(dim)}",
                            path=(*path, "dimensions", d),
                            expected=f"one of {_quote(sorted(dimensions))}",
                        )
                yield from _scoring(question, path)
                if question.when is not None:
                    yield from _condition(
                        question.when, (*path, "when"), q, earlier, aside, in_when=True
                    )
                earlier[question.id] = question


def _scoring(question: Question, path: Path) -> Iterator[Problem]:
    kind = kind_of(question)
    if kind.never_scored is not None:
        if question.weight:
            yield Problem(
                f"{kind.never_scored} is never scored, yet weight is {question.weight:g}",
                path=(*path, "weight"),
                expected="weight: 0 or no weight",
            )
    elif question.weight > 0 and question.max_points <= 0:
        yield Problem(
            f"weight is {question.weight:g} but no answer gives any points",
            path=(*path, "weight"),
            expected=f"{kind.points_word} that reward some answer,"
            " or weight: 0 for an unscored question",
        )
    if question.dimensions and not question.scored:
        yield Problem(
            "an unscored question counts in no dimension",
            path=(*path, "dimensions"),
            expected="no dimensions, or a weight and points",
        )


def _condition(
    condition: Condition,
    path: Path,
    q: Questionnaire,
    earlier: dict[str, Question],
    aside: frozenset[str],
    *,
    in_when: bool,
    scores: bool | None = None,
) -> Iterator[Problem]:
    scores_allowed = not in_when if scores is None else scores
    for leaf_path, leaf in iter_conditions(condition, path):
        if isinstance(leaf, ScoreTest):
            if not scores_allowed:
                what = "a when: condition" if in_when else "this condition"
                yield Problem(
                    f"{what} cannot test a score (scores depend on the answers)",
                    path=(*leaf_path, "score"),
                    expected="a test on an earlier answer" if in_when else "a test on an answer",
                )
            else:
                yield from _score_ref(leaf, leaf_path, q, aside)
        else:
            yield from _answer_test(leaf, leaf_path, q, earlier, aside, in_when=in_when)


def _score_ref(
    test: ScoreTest, path: Path, q: Questionnaire, aside: frozenset[str]
) -> Iterator[Problem]:
    kind, ident = test.score.scope
    if ident in aside:
        return
    known: dict[str, set[str]] = {
        "step": {s.id for s in q.steps},
        "section": {c.id for s in q.steps for c in s.sections},
        "dimension": {d.id for d in q.dimensions},
    }
    if kind in known and ident not in known[kind]:
        yield Problem(
            f"unknown {kind} {excerpt(ident)}",
            path=(*path, "score", kind),
            expected=f"one of {_quote(sorted(known[kind]))}",
        )


def _answer_test(
    test: AnswerTest,
    path: Path,
    q: Questionnaire,
    earlier: dict[str, Question],
    aside: frozenset[str],
    *,
    in_when: bool,
) -> Iterator[Problem]:
    target = (earlier if in_when else q.questions).get(test.question)
    if target is None and test.question in aside:
        return
    if target is None:
        if in_when and test.question in q.questions:
            yield Problem(
                f"question {excerpt(test.question)} comes later in the questionnaire",
                path=(*path, "question"),
                expected="a question asked before this one",
            )
        else:
            yield Problem(
                f"unknown question {excerpt(test.question)}",
                path=(*path, "question"),
                expected="the id of a question of this questionnaire",
            )
        return
    operator = test.operator
    kind = kind_of(target)
    allowed = kind.operators
    if operator not in allowed:
        yield Problem(
            f"operator {excerpt(operator)} does not apply to a {target.kind} question",
            path=(*path, operator),
            expected=f"one of {_quote(allowed)}",
        )
        return
    if test.row is not None:
        rows = kind.row_ids(target)
        if rows is None:
            yield Problem(
                f"row given, but {excerpt(target.id)} is not a matrix question",
                path=(*path, "row"),
                expected="no row",
            )
        elif test.row not in rows:
            yield Problem(
                f"unknown row {excerpt(test.row)} of {excerpt(target.id)}",
                path=(*path, "row"),
                expected=f"one of {_quote(rows)}",
            )
    operand = test.operand(operator)
    if operator in ("equals", "in", "includes"):
        values = operand if isinstance(operand, list) else [operand]
        for i, value in enumerate(values):
            where = (*path, operator, i) if isinstance(operand, list) else (*path, operator)
            problem = kind.operand_problem(target, value)
            if problem:
                yield Problem(problem[0], path=where, expected=problem[1])


def _recommendations(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    steps = [s.id for s in q.steps]
    departments = [d.id for d in q.departments]
    for i, rec in enumerate(q.recommendations):
        path: Path = ("recommendations", i)
        if rec.step not in steps and rec.step not in aside:
            yield Problem(
                f"unknown step {excerpt(rec.step)}",
                path=(*path, "step"),
                expected=f"one of {_quote(steps)}",
            )
        if rec.owner not in departments and rec.owner not in aside:
            yield Problem(
                f"unknown department {excerpt(rec.owner)}",
                path=(*path, "owner"),
                expected=(
                    f"one of {_quote(departments)}"
                    if departments
                    else "a department declared under departments:"
                ),
            )
        yield from _condition(rec.when, (*path, "when"), q, {}, aside, in_when=False)
        yield from _leads_to(q, rec.leads_to, (*path, "leads_to"), aside)
    yield from _after(q, aside)


def _leads_to(
    q: Questionnaire, leads_to: dict[str, Any], path: Path, aside: frozenset[str]
) -> Iterator[Problem]:
    """Each answer an action leads to answers a scored question of this questionnaire, as
    its responses would."""
    for ident, value in leads_to.items():
        question = q.questions.get(ident)
        if question is None:
            if ident not in aside:
                yield Problem(
                    f"unknown question {excerpt(ident)}",
                    path=(*path, ident),
                    expected="the id of a scored question of this questionnaire",
                )
            continue
        if not question.scored:
            yield Problem(
                f"{excerpt(ident)} is not scored: the answer it leads to gains nothing",
                path=(*path, ident),
                expected="the id of a scored question (a weight, and points to give)",
            )
            continue
        try:
            kind_of(question).checker(question)(value)
        except Bad as bad:
            for sub, message, expected in bad.problems:
                yield Problem(message, path=(*path, ident, *sub), expected=expected)


def _after(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    """Each recommendation an action comes after is another recommendation, and no chain of
    them comes back to where it started."""
    ids = [rec.id for rec in q.recommendations]
    known = set(ids)
    for i, rec in enumerate(q.recommendations):
        for j, before in enumerate(rec.after):
            if before == rec.id:
                yield Problem(
                    f"{excerpt(rec.id)} comes after itself",
                    path=("recommendations", i, "after", j),
                    expected="the id of another recommendation",
                )
            elif before.startswith("staffing-") and before not in known:
                if q.staffing is None or not _gap_named(q, before):
                    yield Problem(
                        f"{excerpt(before)} names no staffing gap of this questionnaire",
                        path=("recommendations", i, "after", j),
                        expected=(
                            "staffing-<gap kind> or staffing-<gap kind>-<responsibility or"
                            f" department>, the kinds being {_quote(GAP_PLACEHOLDERS)}"
                            if q.staffing is not None
                            else "a recommendation id (the questionnaire has no staffing rules)"
                        ),
                    )
            elif before not in known and before not in aside:
                yield Problem(
                    f"unknown recommendation {excerpt(before)}",
                    path=("recommendations", i, "after", j),
                    expected="the id of a recommendation of this questionnaire, or"
                    " staffing-<gap kind>" + suggest(before, ids),
                )
    yield from _cycles(q)


def _gap_named(q: Questionnaire, name: str) -> bool:
    """Whether `name` is staffing-<gap kind>, or staffing-<gap kind>-<subject> with a
    responsibility of the roster or a department as subject."""
    kind, _, subject = name.removeprefix("staffing-").partition("-")
    if kind not in GAP_PLACEHOLDERS:
        return False
    if not subject:
        return True
    subjects = {d.id for d in q.departments}
    rules = q.staffing
    asked = q.questions.get(rules.roster) if rules is not None else None
    roster = as_roster(asked) if asked is not None else None
    if rules is not None and roster is not None:
        for f in roster.fields:
            if f.id == rules.responsibilities_field:
                subjects.update(o.id for o in f.options)
    return subject in subjects


def _cycles(q: Questionnaire) -> Iterator[Problem]:
    """A dependency cycle among recommendations (each reported once, at the `after`
    entry that closes it, the cycle spelt out)."""
    index = {rec.id: i for i, rec in enumerate(q.recommendations)}
    state: dict[str, int] = {}  # 1: being visited, 2: done
    reported: set[frozenset[str]] = set()

    def visit(ident: str, trail: list[str]) -> Iterator[Problem]:
        state[ident] = 1
        trail.append(ident)
        rec = q.recommendations[index[ident]]
        for j, before in enumerate(rec.after):
            if before not in index or before == ident:
                continue
            if state.get(before) == 1:
                cycle = trail[trail.index(before) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    yield Problem(
                        "dependency cycle: " + " → ".join(excerpt(x) for x in [*cycle, before]),
                        path=("recommendations", index[ident], "after", j),
                        expected="prerequisites that do not come back to the action",
                    )
            elif before not in state:
                yield from visit(before, trail)
        trail.pop()
        state[ident] = 2

    for rec in q.recommendations:
        if rec.id not in state:
            yield from visit(rec.id, [])


def _reference_figures(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    for i, figure in enumerate(q.reference_figures):
        path: Path = ("reference_figures", i)
        if figure.question is not None:
            target = q.questions.get(figure.question)
            set_aside = target is None and figure.question in aside
            if not set_aside and (target is None or not kind_of(target).is_percent(target)):
                yield Problem(
                    f"{excerpt(figure.question)} is not a percentage question"
                    " of this questionnaire",
                    path=(*path, "question"),
                    expected="the id of a number question with percent: true",
                )
        if figure.holds is not None:
            yield from _condition(
                figure.holds, (*path, "holds"), q, q.questions, aside, in_when=False, scores=False
            )


def _staffing(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    """The staffing rules: their roster and its fields, the duties that need a backup, the
    questions that name departments and the action of each kind of gap."""
    rules = q.staffing
    if rules is None:
        return
    path: Path = ("staffing",)
    asked = q.questions.get(rules.roster)
    roster = as_roster(asked) if asked is not None else None
    if roster is None and rules.roster in aside:
        return
    if roster is None:
        yield Problem(
            f"{excerpt(rules.roster)} is not a roster question of this questionnaire",
            path=(*path, "roster"),
            expected="the id of a question of kind roster",
        )
        return
    fields = {f.id: f for f in roster.fields}
    yield from _roster_fields(rules, roster, fields, path)
    yield from _backups(rules, fields.get(rules.responsibilities_field), path)
    departments = {d.id for d in q.departments}
    yield from _department_mentions(
        rules.department_mentions, q, departments, aside, (*path, "department_mentions")
    )
    yield from _needed(rules, q, fields.get(rules.responsibilities_field), aside, path)
    yield from _gap_actions(rules, departments, aside, path)


def _needed(
    rules: StaffingRules,
    q: Questionnaire,
    raci: RosterField | None,
    aside: frozenset[str],
    path: Path,
) -> Iterator[Problem]:
    """Each responsibility said to be needed only under a condition is one of the `raci`
    field, and its condition tests answers."""
    duties = [o.id for o in raci.options] if raci is not None else []
    for duty, condition in rules.needed_when.items():
        where = (*path, "needed_when", duty)
        if raci is not None and duty not in duties:
            yield Problem(
                f"unknown responsibility {excerpt(duty)}",
                path=where,
                expected=f"one of {_quote(duties)}",
            )
        yield from _condition(condition, where, q, q.questions, aside, in_when=False, scores=False)


_FIELD_TYPES = {
    "name_field": ("text",),
    "department_field": ("choice",),
    "responsibilities_field": ("raci",),
    "time_share_field": ("percent", "number"),
}
"""The staffing rule naming a roster field → the types that field may have."""


def _roster_fields(
    rules: StaffingRules, roster: RosterQuestion, fields: dict[str, RosterField], path: Path
) -> Iterator[Problem]:
    """Each field the rules name is a field of the roster, of the right type; the name is
    required."""
    for key, types in _FIELD_TYPES.items():
        field_id = getattr(rules, key)
        if field_id is None:
            continue
        found = fields.get(field_id)
        if found is None or found.type not in types:
            yield Problem(
                f"{excerpt(field_id)} is not a {' or '.join(types)} field of {excerpt(roster.id)}",
                path=(*path, key),
                expected=f"one of {_quote(f.id for f in roster.fields if f.type in types)}",
            )
    name_field = fields.get(rules.name_field)
    if name_field is not None and not name_field.required:
        yield Problem(
            f"the name field {excerpt(rules.name_field)} of {excerpt(roster.id)} is optional",
            path=(*path, "name_field"),
            expected="a field with required: true (every person of the roster has a name)",
        )


def _backups(rules: StaffingRules, raci: RosterField | None, path: Path) -> Iterator[Problem]:
    """The duties that need a backup are responsibilities of the `raci` field, each once."""
    duties = [o.id for o in raci.options] if raci is not None else []
    for i, duty in enumerate(rules.backup_required):
        if raci is not None and duty not in duties:
            yield Problem(
                f"unknown responsibility {excerpt(duty)}",
                path=(*path, "backup_required", i),
                expected=f"one of {_quote(duties)}",
            )
        elif duty in rules.backup_required[:i]:
            yield Problem(
                f"{excerpt(duty)} is listed twice",
                path=(*path, "backup_required", i),
                expected="each responsibility once",
            )


def _department_mentions(
    mentions: list[DepartmentMention],
    q: Questionnaire,
    departments: set[str],
    aside: frozenset[str],
    path: Path,
) -> Iterator[Problem]:
    """Each question said to name departments has rows or options that are department ids,
    and the answers it excepts are among its options."""
    for i, mention in enumerate(mentions):
        where: Path = (*path, i)
        target = q.questions.get(mention.question)
        options = kind_of(target).option_ids(target) if target is not None else None
        if target is None and mention.question in aside:
            continue
        if target is None or options is None:
            yield Problem(
                f"{excerpt(mention.question)} is not a choice or matrix question",
                path=(*where, "question"),
                expected="a question whose rows or options are department ids",
            )
            continue
        named = [*(kind_of(target).row_ids(target) or []), *options]
        if not departments & set(named):
            yield Problem(
                f"no row or option of {excerpt(target.id)} is a department id",
                path=(*where, "question"),
                expected=f"rows or options among {_quote(sorted(departments))}",
            )
        for j, option in enumerate(mention.except_):
            if option not in options:
                yield Problem(
                    f"{excerpt(option)} is not an option of {excerpt(target.id)}",
                    path=(*where, "except", j),
                    expected=f"one of {_quote(options)}",
                )


def _gap_actions(
    rules: StaffingRules, departments: set[str], aside: frozenset[str], path: Path
) -> Iterator[Problem]:
    """Every kind of gap has an action, owned by a known department, whose texts use only
    the placeholders of that kind."""
    missing = [kind for kind in GAP_PLACEHOLDERS if kind not in rules.gaps]
    if missing:
        yield Problem(
            f"no action for the gaps {_quote(missing)}",
            path=(*path, "gaps"),
            expected=f"an action for each of {_quote(GAP_PLACEHOLDERS)}",
        )
    for kind, action in rules.gaps.items():
        where = (*path, "gaps", kind)
        if action.owner not in departments and action.owner not in aside:
            yield Problem(
                f"unknown department {excerpt(action.owner)}",
                path=(*where, "owner"),
                expected=f"one of {_quote(sorted(departments))}",
            )
        yield from _placeholders(action, GAP_PLACEHOLDERS[kind], where)
        yield from _placeholders(action, (), where, parts=("benefit",))
        if action.grouped is not None:
            yield from _placeholders(
                action.grouped, GROUPED_PLACEHOLDERS[kind], (*where, "grouped")
            )


def _level_caps(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    """Each cap names a maturity level and tests answers or scores of this questionnaire."""
    levels = [level.id for level in q.overall_levels]
    for i, cap in enumerate(q.level_caps):
        path: Path = ("level_caps", i)
        if cap.highest_level not in levels and cap.highest_level not in aside:
            yield Problem(
                f"unknown maturity level {excerpt(cap.highest_level)}",
                path=(*path, "highest_level"),
                expected=f"one of {_quote(levels)}",
            )
        yield from _condition(cap.when, (*path, "when"), q, {}, aside, in_when=False)


def _action_plan(q: Questionnaire, aside: frozenset[str]) -> Iterator[Problem]:
    """The questions that say which departments the organisation has, and the fallback
    owner, name departments of this questionnaire."""
    rules = q.action_plan
    if rules is None:
        return
    departments = {d.id for d in q.departments}
    path: Path = ("action_plan",)
    yield from _department_mentions(
        rules.departments_from, q, departments, aside, (*path, "departments_from")
    )
    owner = rules.fallback_owner
    if owner is not None and owner not in departments and owner not in aside:
        yield Problem(
            f"unknown department {excerpt(owner)}",
            path=(*path, "fallback_owner"),
            expected=f"one of {_quote(sorted(departments))}",
        )


def _placeholders(
    action: GapAction | GroupedText,
    allowed: tuple[str, ...],
    path: Path,
    parts: tuple[str, ...] = ("title", "detail"),
) -> Iterator[Problem]:
    """The `{placeholders}` of the action's `parts` (title and detail) are among `allowed`
    (none: plain text, as a benefit is)."""
    expected = (
        f"only {', '.join('{' + a + '}' for a in allowed)}"
        if allowed
        else "plain text, without placeholders"
    )
    for part in parts:
        for lang, text in (getattr(action, part) or {}).items():
            for name in re.findall(r"\{([^{}]*)\}", text):
                if name not in allowed:
                    yield Problem(
                        f"unknown placeholder {{{name}}}",
                        path=(*path, part, lang),
                        expected=expected,
                    )
