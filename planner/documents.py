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

from functools import lru_cache

KEPT_DOCUMENTS = 8  # a summary's PDF is tens to hundreds of kB


@lru_cache(maxsize=KEPT_DOCUMENTS)
def pdf_from_html(html: str) -> bytes:
    """A self-contained HTML page (inline CSS, ``data:`` images) as PDF bytes.

    Laying out a page takes seconds and the same page gives the same document, so the
    last few are kept by their HTML: a download asked again while nothing it shows has
    changed (the same figures, language and as-of date give the same HTML) is answered
    at once. WeasyPrint is imported here, not at the top: loading it (and Pango through
    it) is a quarter of the command line's start-up, which every other command would pay.
    """
    from weasyprint import HTML

    document: bytes = HTML(string=html).write_pdf()
    return document
