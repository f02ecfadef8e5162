"""npm packages the tests run (ical.js, axe-core), installed from their committed lock files."""

import fcntl
import shutil
import subprocess
from pathlib import Path


def ensure_node_packages(folder: Path, package: str) -> Path:
    """``npm ci`` in ``folder`` when ``package`` is not installed there yet (a fresh clone);
    returns the package's directory.

    Under a lock: parallel test processes (pytest-xdist) must not install at once."""
    installed = folder / "node_modules" / package
    with open(folder / "package.json") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if (installed / "package.json").exists():
            return installed
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(f"npm is needed to install {package} for the tests ({folder})")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder, check=True
        )
    return installed
