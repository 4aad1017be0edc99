"""Support for the public-site tests: the French of the interface, compiled for the test run.

The project catalogue (locale/fr/LC_MESSAGES) is merged from every helper's part by the lead;
until then these tests compile the public-core part so French strings can be checked.
"""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

PART = Path(settings.BASE_DIR) / "locale/fr/parts/public-core.po"


@pytest.fixture
def french_interface(settings, tmp_path):
    """Make the public-core French strings available (ahead of the project catalogue)."""
    if PART.exists():
        target = tmp_path / "fr/LC_MESSAGES"
        target.mkdir(parents=True)
        subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(PART)], check=True)
        settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path]
    return settings
