"""Planner for the Conferences of Nuclear-Weapon-Free Zones and Mongolia."""

from pathlib import Path

__version__ = "0.1.0"

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Locate a top-level resource folder (``migrations`` or ``templates``).

    In a wheel the folders are shipped inside the package as ``_<name>``; in a
    source checkout (editable install, tests) they sit beside the package.
    """
    shipped = _PACKAGE_DIR / f"_{name}"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent / name
