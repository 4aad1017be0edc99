"""Fail when the French catalogue has untranslated or fuzzy entries, or a stale .mo."""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/fr/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


def main():
    if not PO.exists() or not MO.exists():
        sys.exit(f"missing {PO} or {MO}")
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr.strip()
    print(stats)
    if "untranslated" in stats or "fuzzy" in stats:
        sys.exit("The French catalogue is incomplete: translate every entry (make messages).")
    with tempfile.NamedTemporaryFile(suffix=".mo") as compiled:
        subprocess.run(["msgfmt", "-o", compiled.name, str(PO)], check=True)
        if Path(compiled.name).read_bytes() != MO.read_bytes():
            sys.exit("locale/fr/LC_MESSAGES/django.mo is stale: run `make messages` and commit it.")
    print("French catalogue complete and compiled.")


if __name__ == "__main__":
    main()
