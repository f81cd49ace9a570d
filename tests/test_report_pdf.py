"""report.pdf: the report as PDF — its text, its metadata, where it is written, and the
assessment an archival report carries."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from pypdf import PdfReader

from socialready import (
    Assessment,
    SocialReadyError,
    assess,
    load_questionnaire,
    load_responses,
    questionnaire_for,
)
from socialready.report import load_assessment_from_pdf, render_pdf
from socialready.report.html import content_marker

EXAMPLES = Path(__file__).parent / "data" / "v1"
DEMOS = Path(__file__).parents[1] / "examples"
"""The examples as shipped, answering the default questionnaire: what ``socialready demo``
renders (its layout is measured on them)."""


@pytest.fixture(scope="module")
def manufacturer() -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(EXAMPLES / "manufacturer-400.yaml"),
    )


@pytest.fixture(scope="module")
def plain(manufacturer: Assessment) -> bytes:
    data = render_pdf(manufacturer, lang="en")
    assert data is not None
    return data


@pytest.fixture(scope="module")
def archival(manufacturer: Assessment) -> bytes:
    data = render_pdf(manufacturer, lang="fr", variant="pdf/a-3b")
    assert data is not None
    return data


def test_the_text_of_the_report(plain: bytes) -> None:
    reader = PdfReader(io.BytesIO(plain))
    assert len(reader.pages) > 10
    cover = reader.pages[0].extract_text()
    for line in (
        "Verdier Hydraulique",
        "Getting organised",
        "Overall score: 56 out of 100",
        "19 November 2026",
    ):
        assert line in cover
    # each fact read beside its label, in the order of the page (a floated label is drawn,
    # and so extracted, apart from its value)
    assert (
        "Sector Industrie — fabrication de vannes et composants hydrauliques\nHead count" in cover
    )
    assert "Assessed by Élodie Marchand, Lumen Conseil\nDate 19 November 2026" in cover
    method = reader.pages[1].extract_text()
    assert "Document\nStatus Final\nAssessed by Élodie Marchand, Lumen Conseil\nDate" in method
    summary = reader.pages[2].extract_text()
    assert summary.startswith("Executive summary")
    assert "Verdier Hydraulique scores 56 out of 100 overall" in summary


def test_the_metadata_of_the_report(plain: bytes, manufacturer: Assessment) -> None:
    metadata = PdfReader(io.BytesIO(plain)).metadata
    assert metadata is not None
    assert metadata.title == "Social network readiness — Verdier Hydraulique"
    assert metadata.author == "Élodie Marchand, Lumen Conseil"
    assert metadata["/Creator"] == "socialready"
    assert "/Keywords" not in metadata  # no internal marker where every viewer shows it
    # …but in the catalogue's private data, which batch runs read
    root = PdfReader(io.BytesIO(plain)).trailer["/Root"]
    private = root["/PieceInfo"]["/socialready"]
    assert private["/Private"] == content_marker(manufacturer, "en")
    assert private["/LastModified"] == "D:20261119"
    # dated by the assessment, not by the moment it was made: reproducible
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20261119"


def test_written_to_a_path_or_a_binary_file_the_same_bytes(
    tmp_path: Path, manufacturer: Assessment, plain: bytes
) -> None:
    path = tmp_path / "report.pdf"
    assert render_pdf(manufacturer, path, lang="en") is None
    assert path.read_bytes() == plain
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]  # no temporary left behind
    buffer = io.BytesIO()
    assert render_pdf(manufacturer, buffer, lang="en") is None
    assert buffer.getvalue() == plain


def test_the_identifier_the_content_s_and_the_file_serialised_once(
    manufacturer: Assessment, plain: bytes, archival: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import re

    import pydyf

    for data in (plain, archival):
        first, second = PdfReader(io.BytesIO(data)).trailer["/ID"]
        assert re.fullmatch("[0-9a-f]{32}", first)
        trailer = int(data[data.rindex(b"startxref") :].split()[1])
        assert data[trailer:].startswith(b"%d 0 obj\n<</ID [(" % int(data[trailer:].split()[0]))
        # the second half: the digest of every byte written before the trailer
        assert second == hashlib.md5(data[:trailer], usedforsecurity=False).hexdigest()
    assert (
        PdfReader(io.BytesIO(plain)).trailer["/ID"][0]
        != (PdfReader(io.BytesIO(archival)).trailer["/ID"][0])
    )
    # pydyf serialises (and deflates) its object stream once, not again for the identifier
    made: list[bytes] = []
    data_of = pydyf.Stream.data

    def counted(stream: pydyf.Stream) -> bytes:
        if stream.extra.get("Type") == "/ObjStm":
            made.append(b"")
        return data_of.fget(stream)  # type: ignore[no-any-return]

    monkeypatch.setattr(pydyf.Stream, "data", property(counted))
    assert render_pdf(manufacturer, lang="en") == plain
    assert len(made) == 1


@pytest.mark.parametrize(
    "options",
    [{}, {"uncompressed_pdf": True}, {"pdf_version": "1.4"}, {"pdf_variant": "pdf/a-1b"}],
)
def test_a_pdf_without_object_streams_is_identified_as_pydyf_does(
    manufacturer: Assessment, options: dict[str, object]
) -> None:
    from socialready.report._weasyprint import writing_report
    from socialready.report.html import render_html
    from socialready.report.pdf import _finish, lay_out

    document = lay_out(render_html(manufacturer, "en"))
    with writing_report():
        data = document.write_pdf(
            pdf_identifier=b"0123abcd", pdf_tags=True, finisher=_finish, **options
        )
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert reader.trailer["/ID"][0] == "0123abcd"
    assert len(reader.pages) == len(document.pages)
    assert reader.pages[-1].extract_text()  # every object where the cross-reference says


def test_an_unknown_variant_is_refused_before_any_work(
    tmp_path: Path, manufacturer: Assessment
) -> None:
    expected = r"unknown PDF variant 'pdf/x' \(expected one of pdf/a-3b, pdf/ua-1\)"
    with pytest.raises(SocialReadyError, match=expected):
        render_pdf(manufacturer, tmp_path / "report.pdf", variant="pdf/x")
    assert list(tmp_path.iterdir()) == []


def test_an_archival_report_carries_its_assessment(
    tmp_path: Path, archival: bytes, manufacturer: Assessment
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(archival)
    expected = manufacturer.model_copy(
        update={"responses": manufacturer.responses.model_copy(update={"source": None})}
    )
    for source in (path, str(path), io.BytesIO(archival)):
        assert load_assessment_from_pdf(source) == expected  # its source path is left out
    assert "Verdier Hydraulique" in PdfReader(io.BytesIO(archival)).pages[0].extract_text()


def test_what_carries_no_assessment_is_said(tmp_path: Path, plain: bytes) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(plain)
    with pytest.raises(SocialReadyError, match=r"plain\.pdf: carries no assessment\.json"):
        load_assessment_from_pdf(path)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a PDF at all")
    with pytest.raises(SocialReadyError, match=r"broken\.pdf: cannot be read as PDF"):
        load_assessment_from_pdf(broken)


def test_the_outline_one_closed_entry_a_chapter_scores_apart_from_titles(plain: bytes) -> None:
    reader = PdfReader(io.BytesIO(plain))
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    titles = [entry.title for entry in top]
    assert "Verdier Hydraulique" not in titles  # the cover's title is no root over them all
    assert "Executive summary" in titles
    assert "Step 1 — Take stock of the current situation (59/100)" in titles
    # chapters with sections are folded (a negative count)
    assert all(entry.get("/Count", 0) <= 0 for entry in top)
    assert any(entry.get("/Count", 0) < 0 for entry in top)


def test_the_see_staffing_sentence_links_to_the_chapter(manufacturer: Assessment) -> None:
    from socialready.report import render_html

    html = render_html(manufacturer, "en")
    assert '<a class="internal" href="#staffing">See the “Dedicated staff” chapter.</a>' in html


def _catalogue(data: bytes) -> dict[str, object]:
    return dict(PdfReader(io.BytesIO(data)).trailer["/Root"])


def test_every_report_is_a_tagged_pdf_in_its_language(plain: bytes, archival: bytes) -> None:
    # a structure tree (headings, lists, tables, figures, reading order) for screen readers
    for data, lang in ((plain, "en"), (archival, "fr")):
        catalogue = _catalogue(data)
        assert "/StructTreeRoot" in catalogue
        assert catalogue["/MarkInfo"] == {"/Marked": True}
        assert catalogue["/Lang"] == lang


def test_the_accessible_variant_declares_pdf_ua(manufacturer: Assessment) -> None:
    data = render_pdf(manufacturer, lang="en", variant="pdf/ua-1")
    assert data is not None
    catalogue = _catalogue(data)
    assert "/StructTreeRoot" in catalogue
    metadata = PdfReader(io.BytesIO(data)).trailer["/Root"]["/Metadata"].get_object()
    assert b"pdfuaid" in metadata.get_data()
    assert "/EmbeddedFiles" not in dict(catalogue.get("/Names", {}))  # only the archival one


def test_the_path_and_the_roadmap_are_in_the_text(plain: bytes) -> None:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(plain)).pages]
    text = "\n".join(pages)
    assert "These three actions take you to “Operational” (expected score: 62 out of 100):" in text
    (roadmap,) = [p for p in pages if "First 30 days" in p]
    assert "Roadmap\nThe action plan dated from 19 November 2026" in roadmap
    for line in (
        "until 19 December 2026",
        "By 12 months",
        "until 19 November 2027",
        "Give customer service the means to answer on the networks",
        "Effort and impact",
        "Expected gain (points)",
    ):
        assert line in roadmap, line


def page_fills(assessment: Assessment, lang: str) -> list[tuple[float, bool]]:
    """For each page of the report, from WeasyPrint's layout: how much of its content area
    is used (from the top of the area to the bottom of its lowest line, row or picture, over
    the area's height), and whether a chapter starts at its top (a level-2 heading within
    its first 30 mm)."""
    from weasyprint.formatting_structure import boxes

    from socialready.report import render_html
    from socialready.report.pdf import lay_out

    pages = []
    for page in lay_out(render_html(assessment, lang)).pages:
        box = page._page_box
        top, height = box.content_box_y(), box.height
        bottom, starts = top, False
        for child in box.children:
            if isinstance(child, boxes.MarginBox):
                continue  # the running header and footer
            for inner in child.descendants():
                if isinstance(inner, boxes.LineBox | boxes.ReplacedBox | boxes.TableRowBox):
                    bottom = max(bottom, inner.position_y + inner.margin_height())
                if inner.element_tag == "h2" and inner.position_y - top < 30 / 25.4 * 96:
                    starts = True
        pages.append(((bottom - top) / height, starts))
    return pages


@pytest.mark.parametrize(
    ("name", "lang"), [("manufacturer-400", "fr"), ("manufacturer-400", "en"), ("agence-12", "fr")]
)
def test_no_page_is_under_30_percent_full_but_a_chapter_s_last(name: str, lang: str) -> None:
    a = assess(load_questionnaire(), load_responses(DEMOS / f"{name}.yaml"))
    fills = page_fills(a, lang)
    assert fills[1][1]  # the measure finds chapters: the contents start the second page
    thin = [
        f"page {number}: {fill:.0%}"
        for number, ((fill, _), (_, next_starts)) in enumerate(itertools.pairwise(fills), 1)
        if fill < 0.30 and not next_starts
    ]
    assert not thin, thin


@pytest.mark.parametrize(
    ("responses", "most"),
    # from the scores on, chapters run on from one another: the demo on 2.0.0 (with its
    # roadmap chapter) takes 16 pages, the same answers on 1.0.0 take 15
    [(DEMOS, 16), (EXAMPLES, 15)],
    ids=["demo", "v1"],
)
def test_the_french_demo_is_at_most_16_pages(responses: Path, most: int) -> None:
    answers = load_responses(responses / "manufacturer-400.yaml")
    data = render_pdf(assess(questionnaire_for(answers), answers), lang="fr")
    assert data is not None
    assert 12 <= len(PdfReader(io.BytesIO(data)).pages) <= most


def test_the_summary_extracts_in_reading_order(plain: bytes, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(plain)
    text = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = " ".join(text.split())
    # each group's heading, then its dimensions, then the next group: never interleaved
    order = [
        "is level 3 of 5",
        "Strengths",
        "65 Internal collaboration",
        "62 Management and culture",
        "Areas to strengthen",
        "39 Moderation and risk",
        "In between",
        "Priority actions",
    ]
    places = [words.find(part) for part in order]
    assert -1 not in places, list(zip(order, places, strict=True))
    assert places == sorted(places), list(zip(order, places, strict=True))


def test_the_accessible_variant_passes_the_pdfua_checker(
    manufacturer: Assessment, tmp_path: Path
) -> None:
    # pdfua (PyPI) checks 16 of PDF/UA-1's 106 machine-checkable rules, without a JVM: among
    # them, content outside any tag or artifact and table headers without a scope. veraPDF,
    # the full validator, is not installable from PyPI or Debian.
    pdfua = pytest.importorskip("pdfua")
    for lang in ("fr", "en"):
        path = tmp_path / f"report-{lang}.pdf"
        render_pdf(manufacturer, path, lang, variant="pdf/ua-1")
        report = pdfua.validate(str(path))
        findings = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
        assert not findings, findings
