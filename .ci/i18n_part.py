"""Extract the translatable strings of some files into locale/fr/parts/NAME.po.

Used while several people work at once: each keeps the French of their own files in a part
catalogue (existing translations are kept), and `make messages` merges every part into
locale/fr/LC_MESSAGES/django.po as a compendium.

    .venv/bin/python .ci/i18n_part.py NAME path [path ...]
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    name, paths = sys.argv[1], sys.argv[2:]
    target = ROOT / "locale/fr/parts" / f"{name}.po"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        for path in paths:
            for source in [Path(path)] if Path(path).is_file() else Path(path).rglob("*"):
                if source.suffix in {".py", ".html", ".txt"} and source.is_file():
                    copy = work / source.resolve().relative_to(ROOT)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(source, copy)
        (work / "locale").mkdir()
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location"],
            cwd=work,
            check=True,
            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""},
        )
        fresh = work / "locale/fr/LC_MESSAGES/django.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            # Keep the translations already written; drop strings no longer in these files.
            subprocess.run(
                [
                    "msgmerge",
                    "--quiet",
                    "--no-fuzzy-matching",
                    "-o",
                    str(target),
                    str(target),
                    str(fresh),
                ],
                check=True,
            )
        else:
            shutil.copy(fresh, target)
    print(f"{target.relative_to(ROOT)}: fill in every msgstr (no fuzzy entries)")


if __name__ == "__main__":
    main()
