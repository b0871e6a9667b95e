"""Audit the locked dependencies (requirements/*.txt) for known vulnerabilities with
pip-audit: what `make run` and CI install, pin for pin, not whatever a venv holds.

Fails (exit 1) on any known vulnerability. When the vulnerability service
cannot be reached at all (as on a network that reaches only the package
index), it says so loudly and exits 0, unless AUDIT_REQUIRED=1, so that a
closed build network does not pass as "no vulnerabilities": the output says
which it was.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
LOCKS = [ROOT / "requirements" / "runtime.txt", ROOT / "requirements" / "dev.txt"]


def main() -> int:
    lock_arguments = [argument for lock in LOCKS for argument in ("-r", str(lock))]
    result = subprocess.run(  # noqa: S603 - our own venv's pip-audit, fixed arguments
        [
            str(BIN / "pip-audit"),
            *lock_arguments,
            "--require-hashes",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr[-2000:])
        print("pip-audit: could not run; see the error above.")
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    audited = [d for d in dependencies if "skip_reason" not in d]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            print(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} "
                f"(fixed in {', '.join(vuln.get('fix_versions', [])) or 'no release'})"
            )
    if vulnerable:
        return 1
    if not audited:
        print(
            "pip-audit: WARNING: the vulnerability service could not be reached from this "
            f"network; none of {len(dependencies)} dependencies could be audited."
        )
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    skipped = len(dependencies) - len(audited)
    print(
        f"pip-audit: {len(audited)} dependencies audited, no known vulnerabilities"
        + (f" ({skipped} could not be audited)" if skipped else "")
        + "."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
