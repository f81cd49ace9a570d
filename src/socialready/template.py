"""A blank responses file: every question of a questionnaire, in order, ready to answer.

What `socialready responses template` writes. The questions are grouped by step and
section (as comments); each comes with its label, help, `when:` condition in words
("only if …") and what its answer may be — option ids with their labels, bounds, a roster's
example record — as comments, and its key left empty, which is no answer. The header says
`status: draft`: the file loads as a valid draft, and `socialready validate` lists what
is left to ask.

Its first line names the JSON Schema of responses to the questionnaire
(`socialready.schema.responses_schema`) by a path relative to the file, as editors that
use the YAML language server read it: the command line writes that schema beside the file.
"""

from __future__ import annotations

import datetime
import json
import textwrap
from typing import Any

from ._kinds import kind_of
from .conditions import AllOf, AnswerTest, AnyOf, Condition, NotOf
from .errors import SocialReadyError, excerpt
from .loading import load_questionnaire
from .questionnaire import Question, Questionnaire, localised
from .responses import TO_FILL
from .schema import responses_schema_name

__all__ = ["responses_template"]


_WORDS: dict[str, dict[str, str]] = {
    "title": {
        "fr": "Réponses au questionnaire « {title} » ({ref}).",
        "en": "Responses to the questionnaire “{title}” ({ref}).",
    },
    "how": {
        "fr": "Complétez l’en-tête, puis répondez après chaque question ; une réponse laissée"
        " vide reste à poser. `socialready validate FICHIER` liste les questions qui restent"
        " à poser ; `--final` les exige toutes. Passez `status` à final quand tout est"
        " répondu.",
        "en": "Fill in the header, then answer after each question; an answer left empty is"
        " still to ask. `socialready validate FILE` lists the questions left to ask; `--final`"
        " requires them all. Set `status` to final when everything is answered.",
    },
    "note": {
        "fr": "Toute réponse peut s’écrire {{value: …, note: …, evidence: …}} pour garder la"
        " note et la preuve de l’évaluateur.",
        "en": "Any answer may be written {{value: …, note: …, evidence: …}} to keep the"
        " assessor's note and evidence.",
    },
    "status": {"fr": "draft (projet) ou final", "en": "draft or final"},
    "name": {"fr": "le nom de l’organisation", "en": "the organisation's name"},
    "sector": {"fr": "secteur d’activité (texte libre, facultatif)", "en": "sector (optional)"},
    "size_band": {
        "fr": "effectif (facultatif) : 1-9, 10-49, 50-249, 250-999 ou 1000+",
        "en": "head count (optional): 1-9, 10-49, 50-249, 250-999 or 1000+",
    },
    "country": {
        "fr": "pays (facultatif) : code ISO 3166 à deux lettres, p. ex. FR",
        "en": "country (optional): ISO 3166 two-letter code, e.g. FR",
    },
    "date": {
        "fr": "date de l’évaluation, AAAA-MM-JJ",
        "en": "date of the assessment, YYYY-MM-DD",
    },
    "assessor": {"fr": "l’évaluateur : nom, cabinet", "en": "the assessor: name, firm"},
    "language": {
        "fr": "la langue des notes, preuves et réponses en texte libre",
        "en": "the language of the notes, evidence and free-text answers",
    },
    "step": {"fr": "Étape {n} — {title}", "en": "Step {n} — {title}"},
    "only_if": {"fr": "Seulement si {condition}.", "en": "Only if {condition}."},
    "one_of": {"fr": "Une option parmi :", "en": "One option among:"},
    "some_of": {
        "fr": "Une liste d’options, p. ex. [{example}], parmi :",
        "en": "A list of options, e.g. [{example}], among:",
    },
    "alone": {"fr": "({options} : seule)", "en": "({options}: alone)"},
    "yes_no": {"fr": "true (oui) ou false (non)", "en": "true (yes) or false (no)"},
    "whole_number": {"fr": "Un nombre entier", "en": "A whole number"},
    "number": {"fr": "Un nombre", "en": "A number"},
    "between": {"fr": "entre {low} et {high}", "en": "between {low} and {high}"},
    "per_row": {
        "fr": "Pour chaque ligne ci-dessous (ôtez le # de celles qui ont une réponse), une"
        " option parmi :",
        "en": "For each row below (remove the # of those answered), one option among:",
    },
    "text": {
        "fr": "Texte libre (au plus {limit} caractères)",
        "en": "Free text (at most {limit} characters)",
    },
    "roster": {
        "fr": "Une liste de fiches, une par personne ; exemple à recopier (ôtez les #) :",
        "en": "A list of records, one per person; an example to copy (remove the #):",
    },
    "required": {"fr": "obligatoire", "en": "required"},
    "and": {"fr": " et ", "en": " and "},
    "or": {"fr": " ou ", "en": " or "},
    "not": {"fr": "non ({condition})", "en": "not ({condition})"},
    "equals": {"fr": "{question} vaut {value}", "en": "{question} is {value}"},
    "row_equals": {
        "fr": "une ligne de {question} vaut {value}",
        "en": "a row of {question} is {value}",
    },
    "in": {"fr": "{question} vaut {value}", "en": "{question} is {value}"},
    "includes": {"fr": "{question} comprend {value}", "en": "{question} includes {value}"},
    "at_least": {"fr": "{question} ≥ {value}", "en": "{question} ≥ {value}"},
    "at_most": {"fr": "{question} ≤ {value}", "en": "{question} ≤ {value}"},
    "answered": {"fr": "{question} a une réponse", "en": "{question} is answered"},
    "unanswered": {"fr": "{question} n’a pas de réponse", "en": "{question} is not answered"},
}
"""The template's own words, in the languages it is written in."""

LANGUAGES = ("fr", "en")
_WIDTH = 92
"""Comment lines are wrapped at this width."""


class _Writer:
    """The lines of one template, in one language."""

    def __init__(self, q: Questionnaire, lang: str) -> None:
        self.q, self.lang = q, lang
        self.lines: list[str] = []

    def say(self, key: str, **values: Any) -> str:
        return _WORDS[key][self.lang].format(**values)

    def comment(self, text: str, indent: str = "") -> None:
        for paragraph in text.strip().splitlines() or [""]:
            wrapped = textwrap.wrap(paragraph, _WIDTH - len(indent) - 2) or [""]
            self.lines += [f"{indent}# {line}".rstrip() for line in wrapped]

    def condition(self, node: Condition) -> str:
        """A `when:` condition in words (the question and option ids as the file has them)."""
        if isinstance(node, AllOf | AnyOf):
            parts = [self.condition(c) for c in (node.all if isinstance(node, AllOf) else node.any)]
            joined = self.say("and" if isinstance(node, AllOf) else "or").join(parts)
            return f"({joined})" if len(parts) > 1 else joined
        if isinstance(node, NotOf):
            return self.say("not", condition=self.condition(node.not_))
        assert isinstance(node, AnswerTest)  # a when: tests answers, never scores
        return self.test(node)

    def test(self, test: AnswerTest) -> str:
        operator, operand = test.operator, test.operand(test.operator)
        question = test.question if test.row is None else f"{test.question}.{test.row}"
        if operator == "answered":
            return self.say("answered" if operand else "unanswered", question=question)
        asked = self.q.questions[test.question]
        kind = kind_of(asked)
        if operator == "equals" and test.row is None and kind.row_ids(asked):
            operator = "row_equals"  # a matrix's test without row: true for any row
        elif operator == "in" and kind.flag_ids(asked):
            operator = "includes"  # a multiple choice's: true when any of them is selected
        if isinstance(operand, list):
            value = self.say("or").join(_written(v) for v in operand)
        else:
            value = _written(operand)
        return self.say(operator, question=question, value=value)

    def header(self, today: datetime.date) -> None:
        q, placeholder = self.q, json.dumps(TO_FILL[self.lang], ensure_ascii=False)
        self.lines.append(f"# yaml-language-server: $schema={responses_schema_name(q)}")
        self.comment(self.say("title", title=localised(q.title, self.lang), ref=q.ref))
        self.comment(self.say("how"))
        self.comment(self.say("note"))
        self.lines.append(f"questionnaire: {q.ref}")
        rows = [
            ("status: draft", "status"),
            ("organisation:", None),
            (f"  name: {placeholder}", "name"),
            ("  sector:", "sector"),
            ("  size_band:", "size_band"),
            ("  country:", "country"),
            (f"date: {today.isoformat()}", "date"),
            (f"assessor: {placeholder}", "assessor"),
            (f"language: {self.lang}", "language"),
        ]
        width = max(len(line) for line, _ in rows)
        for line, key in rows:
            self.lines.append(f"{line:<{width}}  # {self.say(key)}" if key else line)
        self.lines.append("answers:")

    def question(self, question: Question) -> None:
        kind, lang, indent = kind_of(question), self.lang, "  "
        self.lines.append("")
        self.comment(localised(question.label, lang), indent)
        if question.help:
            self.comment(localised(question.help, lang), indent)
        if question.when is not None:
            self.comment(self.say("only_if", condition=self.condition(question.when)), indent)
        for line in kind.blank(question, lang, self.say):
            self.lines.append(f"{indent}# {line}")
        self.lines.append(f"{indent}{question.id}:")
        self.lines += [f"{indent}{line}" for line in kind.blank_body(question, lang, self.say)]

    def body(self) -> None:
        for n, step in enumerate(self.q.steps, 1):
            title = self.say("step", n=n, title=localised(step.title, self.lang))
            self.lines += ["", f"  # {'═' * (_WIDTH - 4)}", f"  # {title}"]
            self.lines.append(f"  # {'═' * (_WIDTH - 4)}")
            for section in step.sections:
                self.lines += ["", f"  # ── {localised(section.title, self.lang)} " + "─" * 8]
                for question in section.questions:
                    self.question(question)


def _written(value: Any) -> str:
    """An operand as a responses file writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def responses_template(
    questionnaire: Questionnaire | None = None,
    lang: str | None = None,
    *,
    today: datetime.date | None = None,
) -> str:
    """A blank responses file (YAML) for `questionnaire` (default: the built-in one), with
    its comments in `lang` (`fr` or `en`; default: the questionnaire's first language
    among them).

    Every question is there in questionnaire order with its label, help, `when:` in words
    and what its answer may be; its key is left empty. The header is to fill in
    (`TO_FILL` marks its required texts; `date` is `today`, by default the day it is
    written). The file loads as a valid draft. Its first line names the responses schema by
    `responses_schema_name`, relative to the file: write
    `responses_schema_text` beside it for editor completion.
    """
    q = questionnaire or load_questionnaire()
    lang = lang or next((x for x in q.languages if x in LANGUAGES), None)
    if lang not in LANGUAGES or lang not in q.languages:
        wanted = [x for x in q.languages if x in LANGUAGES]
        raise SocialReadyError(
            f"a template is written in {excerpt(lang or q.languages[0])}: expected"
            f" {' or '.join(wanted) or 'fr or en'}, a language of the questionnaire that"
            " templates are written in"
        )
    writer = _Writer(q, lang)
    writer.header(today or datetime.date.today())
    writer.body()
    return "\n".join(writer.lines) + "\n"
