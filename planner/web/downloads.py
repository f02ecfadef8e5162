"""Pages as PDF downloads: the HTML of the CLI's own document, printed by planner.documents.

The web never lays out a document of its own: a route renders the same template the CLI
prints (``finance status --format pdf``, ``summary --format pdf``), for the request's
viewer, and hands it here.
"""

import io

from flask import Response, send_file

from planner.documents import pdf_from_html

PDF_TYPE = "application/pdf"


def pdf_attachment(html: str, download_name: str) -> Response:
    """The page as an A4 PDF the browser saves under ``download_name``."""
    return send_file(
        io.BytesIO(pdf_from_html(html)),
        mimetype=PDF_TYPE,
        as_attachment=True,
        download_name=download_name,
    )
