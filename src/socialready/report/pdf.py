"""The report as PDF, by WeasyPrint: fetching nothing but our own files, reproducible.

WeasyPrint is imported here, inside the functions, so that `import socialready` never
pays for it. The same assessment, language and theme give byte-identical PDFs, in the
same process or another: dates come from the assessment, the document identifier from its
content, attachments carry explicit dates, and fontTools (used for font subsetting when
Debian's `libharfbuzz-subset0` is missing) reads its timestamp from
`SOURCE_DATE_EPOCH`, which we set to the assessment date while writing.
"""

from __future__ import annotations

import atexit
import datetime
import gc
import hashlib
import io
import logging
import mimetypes
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from .._files import LOGO, REPORT, read_input, read_limited, write_atomically
from ..cohort import Cohort
from ..errors import SocialReadyError, excerpt
from ..scoring import Assessment
from ._weasyprint import html_document, writing_report
from .html import MARKER, MARKER_META, render_html
from .theme import Theme, logo_bytes
from .view import DocumentInfo

__all__ = ["VARIANTS", "load_assessment_from_pdf", "read_content_marker", "render_pdf"]

LOGGER = logging.getLogger("socialready.report")

_LOCK = threading.Lock()
"""One render at a time per process: WeasyPrint's native libraries (fontconfig, Pango) and
the environment variable set while writing are shared by every thread."""

VARIANTS = ("pdf/a-3b", "pdf/ua-1")
"""PDF variants offered; `pdf/a-3b` also attaches the assessment as `assessment.json`,
`pdf/ua-1` declares the document universally accessible (PDF/UA). Every report is a
tagged PDF whatever its variant."""

ATTACHMENT = "assessment.json"


def _file_url(path: Path) -> str:
    return path.resolve().as_uri()


def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AllowListFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the files it was given, and refuses every other URL, logging it."""

        def __init__(self, allowed: dict[str, Path | bytes]) -> None:
            super().__init__(allowed_protocols=("file",))
            self.allowed = allowed
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            source = self.allowed.get(url)
            if source is None:
                shown = url if len(url) <= 120 else url[:117] + "…"
                LOGGER.warning("refused to fetch %s: not one of the report's own files", shown)
                self.refused.append(shown)
                raise ValueError(f"socialready refuses to fetch {shown}")
            kind = mimetypes.guess_type(url)[0] or "application/octet-stream"
            body = source if isinstance(source, bytes) else read_limited(source, LOGO.limit)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return AllowListFetcher


@cache
def _font_config() -> Any:
    """One font configuration per process: creating one per report makes memory grow."""
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    atexit.register(_remove_font_folder, config)
    return config


def _remove_font_folder(config: Any) -> None:
    """Remove the folder where WeasyPrint keeps the fonts of `@font-face` rules while the
    interpreter can still do it (WeasyPrint's own clean-up runs too late at exit)."""
    folder = getattr(config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        config._folder = None


def _epoch(date: datetime.date) -> int:
    return int(datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC).timestamp())


@contextmanager
def _source_date(epoch: int) -> Iterator[None]:
    """Set `SOURCE_DATE_EPOCH` while writing (fontTools stamps fonts with it)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's automatic garbage collection while WeasyPrint lays out and writes.

    A report allocates a few hundred thousand short-lived objects; with the collector on,
    that means hundreds of young collections and some full ones over the whole heap, about
    a tenth of the render time. Instead the young generation, which then holds everything
    the render made, is collected once at the end: memory stays as flat as before. The
    pause is process-wide, for the second or so of a render (other threads still free what
    they drop by reference counting); callers that paused the collector keep it paused.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        _collect_as_the_collector_would()


def _collect_as_the_collector_would() -> None:
    """One collection of the generation the automatic collector would have reached.

    Renders of a process follow one another under the render lock, so with threads the
    collector is paused most of the time: each render ends with the young collection, and
    the older generations are collected when their counts pass their thresholds, as the
    automatic collector would do, so that memory stays flat in threaded use too.
    """
    counts, thresholds = gc.get_count(), gc.get_threshold()
    generation = 0
    if counts[1] + 1 >= thresholds[1]:
        generation = 2 if counts[2] + 1 >= thresholds[2] else 1
    gc.collect(generation)


def render_pdf(
    assessment: Assessment,
    target: str | Path | IO[bytes] | None = None,
    lang: str = "fr",
    theme: Theme | None = None,
    variant: str | None = None,
    *,
    previous: Assessment | None = None,
    cohort: Cohort | None = None,
    document: DocumentInfo | None = None,
) -> bytes | None:
    """Write the report of `assessment` as PDF to `target` (a path or a binary file),
    or return its bytes when `target` is None.

    `variant="pdf/a-3b"` writes PDF/A-3b with the assessment attached as
    `assessment.json` (read it back with `load_assessment_from_pdf`).
    `previous`, `cohort` and `document` are those of `render_html`.

    Renders of one process run one at a time, and Python's garbage collector is paused
    while WeasyPrint lays out and writes (about a second; see `docs/report.md`).
    """
    if variant is not None and variant not in VARIANTS:
        raise SocialReadyError(
            f"unknown PDF variant {excerpt(variant)} (expected one of {', '.join(VARIANTS)})"
        )
    theme = theme or Theme()
    logo = _file_url(theme.logo) if theme.logo is not None else None
    html = render_html(
        assessment,
        lang,
        theme,
        previous=previous,
        cohort=cohort,
        logo=logo,
        variant=variant,
        document=document,
    )
    # the path the answers were read from is the consultant's business, not the client's
    attached = (
        assessment.model_dump_json(exclude={"responses": {"source"}})
        if variant == "pdf/a-3b"
        else None
    )
    return write_html_pdf(
        html, target, assessment.responses.date, theme, variant=variant, attachment=attached
    )


def write_html_pdf(
    html: str,
    target: str | Path | IO[bytes] | None,
    date: datetime.date,
    theme: Theme | None,
    *,
    variant: str | None = None,
    attachment: str | None = None,
) -> bytes | None:
    """Lay out `html` and write it as a reproducible PDF dated `date`.

    Only the theme's logo may be fetched: the bytes read and checked here (see
    `logo_bytes`), whatever the file holds by the time
    WeasyPrint asks. The document identifier is derived from the content, so that equal
    input gives byte-identical output.
    """
    from weasyprint import Attachment

    theme = theme or Theme()
    allowed: dict[str, Path | bytes] = {}
    logo = logo_bytes(theme) or b""
    if theme.logo is not None:
        allowed[_file_url(theme.logo)] = logo
    fetcher = _fetcher_class()(allowed)
    moment = datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
    identity = hashlib.sha256()
    for part in (
        html.encode("utf-8"),
        (variant or "").encode(),
        (attachment or "").encode(),
        logo,
    ):
        identity.update(hashlib.sha256(part).digest())
    options: dict[str, Any] = {
        "pdf_identifier": identity.hexdigest()[:32].encode("ascii"),
        "pdf_tags": True,  # headings, lists, tables, figures and reading order for readers
        "finisher": _finish,
    }
    if variant is not None:
        options["pdf_variant"] = variant
    if attachment is not None:
        options["attachments"] = [
            Attachment(
                string=attachment,
                name=ATTACHMENT,
                description="socialready assessment (JSON)",
                created=moment,
                modified=moment,
                relationship="Data",
                url_fetcher=fetcher,
            )
        ]
    from weasyprint.urls import URLFetchingError

    with _LOCK, _source_date(_epoch(date)), _collector_paused(), writing_report():
        # laid out and written in a function of its own, so that the document is already
        # garbage when the collector runs again
        try:
            return _lay_out_and_write(html, fetcher, target, options)
        except URLFetchingError as exc:  # what WeasyPrint cannot do without (a colour profile)
            refused = ", ".join(fetcher.refused) or str(exc)
            raise SocialReadyError(
                f"the report needs {refused}, which socialready does not fetch (only the"
                " theme's logo and the library's own files are)"
            ) from None


def lay_out(html: str, fetcher: Any = None) -> Any:
    """The WeasyPrint document of `html`, laid out in pages as the report's PDF is (the
    tests measure how full its pages are); `fetcher` serves what the page may fetch
    (nothing by default)."""
    base_url = _file_url(Path(__file__).parent)
    page, css = _split_stylesheet(html)
    sheets = {"stylesheets": [_stylesheet(css, base_url)]} if css is not None else {}
    fetcher = fetcher or _fetcher_class()({})
    return html_document(page, css, url_fetcher=fetcher, base_url=base_url).render(
        font_config=_font_config(), presentational_hints=False, **sheets
    )


def _lay_out_and_write(
    html: str, fetcher: Any, target: str | Path | IO[bytes] | None, options: dict[str, Any]
) -> bytes | None:
    document = lay_out(html, fetcher)
    if target is None:
        data: bytes = document.write_pdf(**options)
        return data
    if isinstance(target, str | Path):
        write_atomically(target, lambda handle: document.write_pdf(handle, **options))
    else:
        document.write_pdf(target, **options)
    return None


_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_OTHER_STYLING = re.compile(r"<style\b|<link\b|style\s*=", re.IGNORECASE)
"""Anything that may style the page besides its one style sheet: a `style` attribute however
it is attached (`<p/style=…>`, `class="a"style=…` are attributes too), even in text."""
_FETCHING = re.compile(r"url\(|\\|@(?:import|font-face|color-profile|counter-style)\b", re.I)


def _split_stylesheet(html: str) -> tuple[str, str | None]:
    """The page without its style sheet, and the sheet, when that sheet is all the page's
    styling and fetches nothing; else the page as it is and None.

    WeasyPrint parses a page's `<style>` again for every render (about 15 ms for the
    report's); given apart, the parsed sheet is kept (see `_stylesheet`). A sheet
    given apart counts as the user's rather than the author's, which changes nothing when
    no other sheet, `style` attribute or `!important` user-agent rule competes with it.
    Other pages keep the usual way, and so do sheets that could fetch or define something
    outside their rules (`url(`, `@import`, `@font-face`, `@color-profile`,
    `@counter-style` in any case, or any CSS escape that could spell one of these).
    """
    found = _STYLE.search(html)
    if found is None:
        return html, None
    page = html[: found.start()] + html[found.end() :]
    if _OTHER_STYLING.search(page) or _FETCHING.search(found.group(1)):
        return html, None
    return page, found.group(1)


@lru_cache(maxsize=8)
def _stylesheet(css: str, base_url: str) -> Any:
    """The parsed style sheet, kept for the next reports with the same theme and language.

    It is parsed with a fetcher that allows nothing: a sheet taken apart never fetches
    (`_split_stylesheet` keeps the others in the page, under the page's fetcher).
    """
    from weasyprint import CSS

    nothing = _fetcher_class()({})
    return CSS(string=css, base_url=base_url, font_config=_font_config(), url_fetcher=nothing)


def _finish(document: Any, pdf: Any) -> None:
    """Put the PDF right before its trailer is written.

    WeasyPrint 70 lists each PDF/A attachment twice in the catalogue's /AF: once is right.
    """
    import pydyf

    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    _write_marker(document, pdf)
    _scope_header_cells(pdf)
    _compress_streams_once(pdf)
    _identify_once(pdf)


def _scope_header_cells(pdf: Any) -> None:
    """Say which cells each table header cell heads (`/Scope` in its attributes), which
    WeasyPrint 70 does not write: a column for the cells of a table's head row and for a
    cell spanning several columns (a section's title over its rows), a row otherwise (the
    first cell of a body row). PDF/UA checkers ask for it."""
    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}

    def parent(element: Any) -> Any:
        reference = element.get("P")
        if reference is None:
            return None
        return by_number.get(int(bytes(reference).split()[0]))  # b"12 0 R"

    for obj in pdf.objects:
        if not isinstance(obj, dict) or obj.get("S") != "/TH" or "A" not in obj:
            continue
        row = parent(obj)
        group = parent(row) if row is not None else None
        heads_columns = (group is not None and group.get("S") == "/THead") or obj["A"].get(
            "ColSpan", 1
        ) != 1
        obj["A"]["Scope"] = "/Column" if heads_columns else "/Row"


PIECE = "socialready"
"""The application name under which the PDF's catalogue keeps the content marker."""


def _write_marker(document: Any, pdf: Any) -> None:
    """Keep the page's content marker as the PDF's private data: in the catalogue's page-piece
    dictionary (`/PieceInfo`, PDF 1.4), which viewers ignore, rather than in the keywords
    every viewer shows."""
    import pydyf

    marker = document.metadata.custom.get(MARKER_META)
    if not marker:
        return
    modified = pdf.info.get("ModDate") or pydyf.String("D:19700101")
    data = pydyf.Dictionary({"LastModified": modified, "Private": pydyf.String(marker)})
    pdf.catalog["PieceInfo"] = pydyf.Dictionary({PIECE: data})


def _compress_streams_once(pdf: Any) -> None:
    """Deflate each stream now, once, at zlib's default level, and store it deflated.

    pydyf deflates a stream each time it serialises it, at level 9, the slowest. Level 6
    takes a quarter of the time for streams 2.5 % larger: the French demo's streams
    (pages, fonts, colour profile), 727 KB, deflate in 20 ms to 112 KB, against 78 ms to
    109 KB.
    """
    import zlib

    import pydyf

    to_bytes = getattr(pydyf, "_to_bytes", None)  # pydyf's own, not public: checked for
    if to_bytes is None:  # pragma: no cover - another pydyf: it compresses as it always did
        return
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Stream) or not obj.compress or "Filter" in obj.extra:
            continue
        compressor = zlib.compressobj(level=6)
        # most of a page's operators are bytes already, which pydyf writes as they are
        raw = b"\n".join(
            [item if item.__class__ is bytes else to_bytes(item) for item in obj.stream]
        )
        obj.stream = [compressor.compress(raw) + compressor.flush()]
        obj.extra["Filter"] = "/FlateDecode"
        obj.compress = False


_TRAILER = re.compile(rb"startxref\n(\d+)\n%%EOF\n?\Z")


def _identify_once(pdf: Any) -> None:
    """Write the document identifier without serialising the document twice.

    Given an identifier, pydyf writes every object, then serialises them all again (and
    deflates the object stream again) to hash them for the identifier's second half: about
    a sixth of the time the report takes to write. A PDF with an object stream (version 1.5
    or later, compressed: every report) is written instead without an identifier, into
    memory, and the identifier is put into its trailer (the cross-reference stream's
    dictionary, where pydyf puts it, which no offset points inside): our identifier of the
    content, then the MD5 digest of every byte written before the trailer, as pydyf spells
    them. Any other PDF is written as pydyf writes it.
    """
    write = pdf.write

    def write_identified(output: IO[bytes], version: Any, identifier: Any, compress: bool) -> None:
        spelled = version if isinstance(version, bytes) else str(version or "1.7").encode()
        ours = isinstance(identifier, bytes) and identifier.isalnum()  # hex
        if not (ours and compress and spelled >= b"1.5"):
            write(output, version, identifier, compress)
            return
        buffer = io.BytesIO()
        write(buffer, version, False, compress)
        data = buffer.getbuffer()
        end = _TRAILER.search(data, len(data) - 64)
        trailer = int(end.group(1)) if end is not None else len(data)
        head = bytes(data[trailer : trailer + 96])  # "N 0 obj\n<</Type /XRef…"
        opening = head.find(b"<<", 0, 32)
        if end is None or opening < 0 or b"/Type /XRef" not in head:
            # pydyf cannot write a document twice: nothing to fall back on
            raise RuntimeError(  # pragma: no cover - another pydyf
                "the PDF's trailer is not where pydyf 0.13 writes it; this is a bug of"
                " socialready with this pydyf, please report it"
            )
        opening += trailer + 2
        digest = hashlib.md5(data[:trailer], usedforsecurity=False).hexdigest().encode()
        output.write(data[:opening])
        output.write(b"/ID [(" + identifier + b") (" + digest + b")]")
        output.write(data[opening:])

    pdf.write = write_identified


def read_content_marker(path: Path) -> str | None:
    """The `content_marker` an existing report was written with:
    the private data of its catalogue (`/PieceInfo`), or the keywords of a report written
    by an earlier socialready.

    `""` when the file is a whole PDF but no socialready report, `None` when it is not a
    whole PDF (cut short, or unreadable): such a file may be written again.
    """
    from pypdf import PdfReader

    try:
        data = read_limited(path, REPORT.limit)
        if b"%%EOF" not in data[-1024:]:
            return None
        reader = PdfReader(io.BytesIO(data))
        found = _private_marker(reader)
        metadata = reader.metadata
    except Exception:  # an unreadable file is rewritten, not trusted
        return None
    if found.startswith(MARKER):
        return found
    # reports written before this release kept it in their keywords
    keywords = str(metadata.get("/Keywords") or "") if metadata is not None else ""
    return keywords if keywords.startswith(MARKER) else ""


def _private_marker(reader: Any) -> str:
    """The marker kept in the catalogue's page-piece dictionary, or `""`."""
    pieces = reader.trailer["/Root"].get("/PieceInfo")
    if pieces is None:
        return ""
    ours = pieces.get_object().get("/" + PIECE)
    private = ours.get_object().get("/Private") if ours is not None else None
    return str(private.get_object()) if private is not None else ""


def load_assessment_from_pdf(source: str | Path | IO[bytes]) -> Assessment:
    """Read back the assessment a `pdf/a-3b` report carries as `assessment.json`."""
    from pypdf import PdfReader

    where = str(source) if isinstance(source, str | Path) else None
    if isinstance(source, str | Path):  # read within the limit of a report
        stream: Any = io.BytesIO(read_input(source, REPORT))
    else:
        stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        reader = PdfReader(stream)
        attachments = reader.attachments
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise SocialReadyError(f"{where or 'the PDF'}: cannot be read as PDF ({exc})") from exc
    found = attachments.get(ATTACHMENT)
    if not found:
        raise SocialReadyError(
            f"{where or 'the PDF'}: carries no {ATTACHMENT}"
            ' (expected a report written with variant="pdf/a-3b")'
        )
    try:
        return Assessment.model_validate_json(found[0])
    except ValidationError as exc:
        raise SocialReadyError(
            f"{where or 'the PDF'}: its {ATTACHMENT} is not an assessment this version of"
            f" socialready reads ({exc.error_count()} problems)"
        ) from None
