"""The crash test of `benchmarks/crash_submissions.py`, bounded for CI: a real server killed
with SIGKILL in the middle of concurrent submissions, restarted, every key retried."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_sigkill_mid_storm_loses_no_acknowledged_submission_and_duplicates_none() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.crash_submissions", "--drafts", "240", "--clients", "16"]
        + ["--timeout", "150"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout
    assert "SIGKILL after" in result.stdout
