"""icc/wsgi.py: what a process holds once it has imported the application (gunicorn --preload
imports it in the master, before forking the workers)."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, sys
import icc.wsgi
from django.db import connections
from django.template import engines
from django.utils.translation import trans_real

loaders = engines["django"].engine.template_loaders
print(json.dumps({
    "modules": sorted(name for name in ("fpdf", "fontTools", "pypdf", "icalendar") if name in sys.modules),
    "views_imported": "practices.views" in sys.modules,
    "catalogues": sorted(trans_real._translations),
    "templates": sorted(key for loader in loaders for key in getattr(loader, "get_template_cache", {})),
    "connections": [alias for alias in connections if connections[alias].connection is not None],
}))
"""


def probe():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "icc.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_application_warms_the_process_without_opening_a_connection():
    state = probe()
    # The work of a process's first requests is done at import (in gunicorn's master)...
    assert state["views_imported"]
    assert {"en", "fr"} <= set(state["catalogues"])
    assert "base.html" in state["templates"]
    assert "practices/practice_list.html" in state["templates"]
    assert not any(name.startswith("admin/") for name in state["templates"])
    # ...and no connection is opened there: forked workers would share its socket.
    assert state["connections"] == []


def test_heavy_libraries_are_left_to_the_processes_that_use_them():
    # fpdf2 (PDF drawing), pypdf (upload checks) and icalendar weigh about 60 MB together in
    # every worker if the URLconf imports them; each is imported where it is used.
    assert probe()["modules"] == []
