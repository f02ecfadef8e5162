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


def pdf_from_html(html: str) -> bytes:
    """A self-contained HTML page (inline CSS, ``data:`` images) as PDF bytes.

    WeasyPrint is imported here, not at the top: loading it (and Pango through it) is a
    quarter of the command line's start-up, which every other command would pay.
    """
    from weasyprint import HTML

    document: bytes = HTML(string=html).write_pdf()
    return document
