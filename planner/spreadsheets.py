"""Text bound for a spreadsheet (CSV or XLSX), made safe to open.

Shared by the CLI's CSV output and the finance reports, so it lives outside both.
"""

from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_spreadsheet_text(text: str) -> str:
    """Prefix text that Excel or LibreOffice would evaluate as a formula (CSV injection)."""
    if text.startswith(FORMULA_PREFIXES):
        try:
            Decimal(text)  # a negative number is data, not a formula
        except ArithmeticError:
            return "'" + text
    return text
