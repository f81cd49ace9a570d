"""socialready — how ready is an organisation to use social networks, and what to do next.

The public API is re-exported here; everything else is internal.
"""

from .conditions import evaluate
from .errors import LocatedError, Problem, QuestionnaireError, ResponsesError, SocialReadyError
from .loading import builtin_questionnaires, load_questionnaire, questionnaire_from_data
from .questionnaire import Question, Questionnaire
from .responses import Organisation, Responses, load_responses
from .scoring import Assessment, assess

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "LocatedError",
    "Organisation",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Responses",
    "ResponsesError",
    "SocialReadyError",
    "__version__",
    "assess",
    "builtin_questionnaires",
    "evaluate",
    "load_questionnaire",
    "load_responses",
    "questionnaire_from_data",
]
