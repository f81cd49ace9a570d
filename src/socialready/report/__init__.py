"""The readiness report: HTML from Jinja2 templates, PDF from WeasyPrint.

WeasyPrint is imported only when a PDF is asked for, so that `import socialready` stays fast.
"""

from ..errors import ThemeError
from .html import content_marker, render_html
from .overview import render_cohort_html, render_cohort_pdf
from .pdf import load_assessment_from_pdf, read_content_marker, render_pdf
from .theme import Theme, load_theme
from .view import DocumentInfo

__all__ = [
    "DocumentInfo",
    "Theme",
    "ThemeError",
    "content_marker",
    "load_assessment_from_pdf",
    "load_theme",
    "read_content_marker",
    "render_cohort_html",
    "render_cohort_pdf",
    "render_html",
    "render_pdf",
]
