"""The questionnaire as a form its respondents fill themselves: the SurveyJS form (JSON), for
tools that embed SurveyJS, and the offline form, one HTML file that runs it in any browser.
"""

from .page import offline_form, write_offline_form
from .surveyjs import surveyjs_form

__all__ = ["offline_form", "surveyjs_form", "write_offline_form"]
