"""socialready — how ready is an organisation to use social networks, and what to do next.

The public API is re-exported here; everything else is internal.
"""

from .conditions import evaluate
from .errors import LocatedError, Problem, QuestionnaireError, SocialReadyError
from .loading import builtin_questionnaires, load_questionnaire, questionnaire_from_data
from .questionnaire import Question, Questionnaire

__version__ = "0.1.0"

__all__ = [
    "LocatedError",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "SocialReadyError",
    "__version__",
    "builtin_questionnaires",
    "evaluate",
    "load_questionnaire",
    "questionnaire_from_data",
]
