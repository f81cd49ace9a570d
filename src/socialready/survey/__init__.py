"""Responses from survey-tool exports (KoboToolbox, ODK Central, LimeSurvey, Google or
Microsoft Forms).

One row per organisation, in a CSV file, an .xlsx workbook or a .zip of CSV files (the
repeat groups on their own sheets or files). A preset per tool (`presets`) finds the
columns of an export of the form socialready writes by the tool's conventions; a mapping
file (YAML, validated, with its own JSON Schema) says which column holds which question, and
which give the organisation, the date and the assessor. Option cells may hold option ids or
option labels in any language of the questionnaire; multiple-choice cells are split on a
separator. Good rows become `Responses`; every bad row or cell is reported with its row
number, column, question id, value and what is allowed. Nothing is dropped silently.

`mapping` holds the mapping file's model, `reading` the reading of an export,
`limesurvey` the questionnaire as LimeSurvey imports it and the codes its exports are
read by; the
private modules decode the file (`_decoding`) and read the roster's separate export
(`_roster`). The cells of each kind of question are read by its kind
(`socialready._kinds`).
"""

from ..errors import MappingError
from .mapping import TOOLS, QuestionColumn, RosterColumns, SurveyMapping, load_mapping
from .reading import CsvImport, read_responses_csv, survey_mapping

__all__ = [
    "TOOLS",
    "CsvImport",
    "MappingError",
    "QuestionColumn",
    "RosterColumns",
    "SurveyMapping",
    "load_mapping",
    "read_responses_csv",
    "survey_mapping",
]
