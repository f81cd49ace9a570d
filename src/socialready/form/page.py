"""The offline form: one HTML file the client opens in any browser, with nothing to install.

The page holds everything it runs, inlined: SurveyJS's form library (`vendor/`, MIT, its
version in `vendor/manifest.json`), SurveyJS's translations of its own texts for the
questionnaire's languages, the form made from the questionnaire (`.surveyjs`), and
`form.js`, which keeps the answers in the browser as they are given, writes them as a
responses file (JSON) and reads one back to continue. Its Content Security Policy forbids
every request (`default-src 'none'`): the page cannot load anything, whatever it holds.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .._files import write_atomically
from ..questionnaire import RACI_ROLES, Questionnaire, localised
from ..responses import TO_FILL
from .surveyjs import HEADER, surveyjs_form

__all__ = ["CONTENT_SECURITY_POLICY", "offline_form", "vendored", "write_offline_form"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
    " img-src data: blob:; font-src data:; form-action 'none'; base-uri 'none'"
)
"""Inline scripts and styles, images from the page itself; no request of any kind."""

_TEXTS: dict[str, dict[str, str]] = {
    "language": {"fr": "Langue", "en": "Language"},
    "import": {"fr": "Reprendre un fichier de réponses…", "en": "Continue from a responses file…"},
    "export": {"fr": "Enregistrer mes réponses", "en": "Save my answers"},
    "note": {
        "fr": "Vos réponses restent dans ce navigateur, sur cet ordinateur, tant que vous ne les"
        " enregistrez pas dans un fichier ; rien n’est envoyé nulle part. Enregistrez-les pour"
        " les transmettre ou pour continuer ailleurs.",
        "en": "Your answers stay in this browser, on this computer, until you save them to a"
        " file; nothing is sent anywhere. Save them to send them, or to go on elsewhere.",
    },
    "imported": {"fr": "Réponses reprises de {file}.", "en": "Answers taken from {file}."},
    "notJson": {
        "fr": "ce n’est pas un fichier de réponses JSON",
        "en": "this is not a JSON responses file",
    },
    "otherQuestionnaire": {
        "fr": "ces réponses sont celles du questionnaire {found}, ce formulaire est celui de"
        " {expected}",
        "en": "these answers are to the questionnaire {found}; this form is for {expected}",
    },
}
"""The texts of the bar above the form; another language reads them in English."""

_FALLBACK = "en"


@cache
def vendored(name: str) -> str:
    """A file of `vendor/` (or of this package: `form.js`, `form.css`) as text."""
    folder = resources.files(__package__)
    for part in name.split("/"):
        folder = folder.joinpath(part)
    return folder.read_text(encoding="utf-8")


def _script(text: str) -> str:
    # no "</script" can end the element early; in JavaScript "<\/" reads as "</"
    return "<script>" + text.replace("</script", "<\\/script") + "</script>\n"


def _data(element_id: str, data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c")  # nothing in JSON data can open a tag
    return f'<script type="application/json" id="{element_id}">{text}</script>\n'


def _translations(q: Questionnaire) -> list[str]:
    """SurveyJS's translations of its own texts (Next, Complete, errors) for the
    questionnaire's languages; English is built in."""
    found = []
    for lang in q.languages:
        try:
            found.append(vendored(f"vendor/i18n/{lang}.min.js"))
        except FileNotFoundError:
            continue  # a language SurveyJS has no translation for: its texts in English
    return found


def _config(q: Questionnaire) -> dict[str, Any]:
    """What form.js needs to know of the questionnaire to write and read responses."""
    questions: dict[str, Any] = {}
    for question in q.questions.values():
        entry: dict[str, Any] = {"kind": question.kind}
        if question.kind == "roster":
            entry["fields"] = {f.id: f.type for f in question.fields}
        questions[question.id] = entry
    langs = list(dict.fromkeys([*q.languages, _FALLBACK]))
    return {
        "questionnaire": q.ref,
        "fingerprint": q.fingerprint[:16],
        "languages": list(q.languages),
        "fallback": _FALLBACK,
        "header": {name: list(path) for name, path in HEADER.items()},
        "questions": questions,
        "roles": list(RACI_ROLES),
        "toFill": {lang: TO_FILL.get(lang, TO_FILL[_FALLBACK]) for lang in langs},
        "texts": {
            key: {lang: text.get(lang, text[_FALLBACK]) for lang in langs}
            for key, text in _TEXTS.items()
        },
    }


def _bar(q: Questionnaire, lang: str) -> str:
    def text(key: str) -> str:
        shown = html.escape(_TEXTS[key].get(lang, _TEXTS[key][_FALLBACK]))
        return f'<span data-text="{key}">{shown}</span>'

    parts = ['<header class="sr-bar">']
    if len(q.languages) > 1:
        options = "".join(
            f'<option value="{html.escape(x)}">{html.escape(x.upper())}</option>'
            for x in q.languages
        )
        parts.append(
            f'<label>{text("language")} <select id="sr-language">{options}</select></label>'
        )
    parts += [
        f'<label class="sr-file">{text("import")}'
        '<input type="file" id="sr-import" accept=".json,application/json"></label>',
        f'<button type="button" id="sr-export">{text("export")}</button>',
        '<span id="sr-status" class="sr-status" role="status"></span>',
        f'<p class="sr-note">{text("note")}</p>',
        "</header>\n",
    ]
    return "".join(parts)


def offline_form(questionnaire: Questionnaire, lang: str | None = None) -> str:
    """The offline form of `questionnaire`, a self-contained HTML page (about 2.1 MB), in
    every language it has, opening in `lang` (default: its first).

    The client fills it in any browser, without network; answers are kept in the browser
    as they are given and saved as a responses file (JSON) that
    `load_responses` reads unchanged. Raises
    `QuestionnaireError` when a `when:` condition cannot be
    translated (see `surveyjs_form`), and `ValueError` for a
    language the questionnaire lacks.
    """
    q = questionnaire
    if lang is not None and lang not in q.languages:
        raise ValueError(f"{q.ref} has no {lang!r} texts (it has {', '.join(q.languages)})")
    lang = lang or q.languages[0]
    form = surveyjs_form(q, lang)
    title = html.escape(localised(q.title, lang))
    return "".join(
        [
            f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta name="generator" content="socialready; SurveyJS {_version()}">\n',
            f"<title>{title}</title>\n",
            "<style>",
            vendored("vendor/survey-core.fontless.min.css"),
            "</style>\n<style>",
            vendored("form.css"),
            "</style>\n</head>\n<body>\n",
            _bar(q, lang),
            '<main id="sr-form"></main>\n',
            _script(vendored("vendor/survey.core.min.js")),
            _script(vendored("vendor/survey-js-ui.min.js")),
            *(_script(text) for text in _translations(q)),
            _data("sr-surveyjs", form),
            _data("sr-config", _config(q)),
            _script(vendored("form.js")),
            "</body>\n</html>\n",
        ]
    )


def _version() -> str:
    manifest = json.loads(vendored("vendor/manifest.json"))
    return str(manifest["packages"]["survey-js-ui"])


def write_offline_form(
    questionnaire: Questionnaire, target: str | Path, lang: str | None = None
) -> None:
    """Write `offline_form` to `target`, whole or not at all."""
    write_atomically(Path(target), offline_form(questionnaire, lang))
