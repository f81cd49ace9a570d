"""socialready — how ready is an organisation to use social networks, and what to do next.

The public API is re-exported here; everything else is internal.
"""

from typing import TYPE_CHECKING

from ._version import __version__
from .cohort import Cohort, Comparison, compare, latest_per_organisation
from .conditions import evaluate
from .errors import (
    LocatedError,
    MappingError,
    Problem,
    QuestionnaireError,
    ResponsesError,
    SocialReadyError,
    ThemeError,
)
from .loading import (
    builtin_questionnaires,
    builtin_versions,
    load_questionnaire,
    questionnaire_from_data,
)
from .questionnaire import Question, Questionnaire
from .responses import Organisation, Responses, load_responses, questionnaire_for
from .scoring import Assessment, assess
from .survey import read_responses_csv
from .template import responses_template

if TYPE_CHECKING:
    from .batch import BatchResult, render_batch
    from .report import (
        Theme,
        load_assessment_from_pdf,
        load_theme,
        render_cohort_pdf,
        render_html,
        render_pdf,
    )

_REPORT = (
    "Theme",
    "load_assessment_from_pdf",
    "load_theme",
    "render_cohort_pdf",
    "render_html",
    "render_pdf",
)


def __getattr__(name: str) -> object:
    # the report (Jinja2, Babel, and WeasyPrint for PDFs) loads on first use, so that
    # ``import socialready`` stays fast for scoring-only work
    if name in _REPORT:
        from . import report

        return getattr(report, name)
    if name in ("BatchResult", "render_batch"):
        from . import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'socialready' has no attribute {name!r}")


def __dir__() -> list[str]:
    # the names loaded on first use (above) complete in a notebook as the others do
    return sorted({*globals(), *__all__})


__all__ = [
    "Assessment",
    "BatchResult",
    "Cohort",
    "Comparison",
    "LocatedError",
    "MappingError",
    "Organisation",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Responses",
    "ResponsesError",
    "SocialReadyError",
    "Theme",
    "ThemeError",
    "__version__",
    "assess",
    "builtin_questionnaires",
    "builtin_versions",
    "compare",
    "evaluate",
    "latest_per_organisation",
    "load_assessment_from_pdf",
    "load_questionnaire",
    "load_responses",
    "load_theme",
    "questionnaire_for",
    "questionnaire_from_data",
    "read_responses_csv",
    "render_batch",
    "render_cohort_pdf",
    "render_html",
    "render_pdf",
    "responses_template",
]
