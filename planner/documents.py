"""PDF documents: the planner's own HTML pages laid out on A4 by WeasyPrint.

There is no second layout: ``summary --format pdf`` prints the HTML summary and
``finance status --format pdf`` the status of contributions page, both through the
same Jinja2 templates and ``_style.css``, whose ``@page`` rules give the paper size,
the running header (conference and as-of date) and the page numbers.

Why WeasyPrint: maintained, no browser to drive, CSS Paged Media (margin boxes,
page counters), and Pango for text, so Arabic is shaped right to left and Chinese
takes a CJK font through fontconfig (DejaVu Sans for Arabic, Noto Sans CJK for
Chinese: both installed by ``.ci/run``).
"""

import hashlib
import threading

from cachetools import LRUCache, cached

# The documents kept per process, by size: a summary's PDF is tens to hundreds of kB, so
# this holds some fifty to a few hundred, every role's and language's view of a few dates.
KEPT_DOCUMENT_BYTES = 24 * 2**20


def _page_digest(html: str) -> bytes:
    """The key a document is kept under: the page itself would keep its HTML (as large
    as the PDF, with its charts) beside each document."""
    return hashlib.sha256(html.encode()).digest()


@cached(
    LRUCache(maxsize=KEPT_DOCUMENT_BYTES, getsizeof=len),
    key=_page_digest,
    lock=threading.Lock(),  # planner serve answers in threads
    info=True,
)
def pdf_from_html(html: str) -> bytes:
    """A self-contained HTML page (inline CSS, ``data:`` images) as PDF bytes.

    Laying out a page takes about a second, most of it drawing the charts, and the same
    page gives the same document, so the most recent ones are kept by their HTML: a
    download asked again while nothing it shows has changed (the same figures, language,
    viewer and as-of date give the same HTML) is answered at once, whoever asks. WeasyPrint
    is imported here, not at the top: loading it (and Pango through it) is a quarter of the
    command line's start-up, which every other command would pay.
    """
    from weasyprint import HTML

    document: bytes = HTML(string=html).write_pdf()
    return document
