"""`onevisit staff create` and `onevisit audit verify` through `onevisit.main`."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from onevisit import main


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ONEVISIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ONEVISIT_DEMO", "false")
    monkeypatch.setenv("ONEVISIT_LOG_LEVEL", "WARNING")
    return tmp_path / "data"


def create(monkeypatch: pytest.MonkeyPatch, password: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["staff", "create", *args])


def test_staff_create_reads_the_password_from_stdin(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert create(monkeypatch, "supervising-hall-2026", "--username", "jian.cha", "--role", "supervisor") == 0
    out = capsys.readouterr().out
    assert "created jian.cha (supervisor)" in out and "supervising-hall-2026" not in out
    with closing(sqlite3.connect(data_dir / "onevisit.sqlite3")) as conn:
        row = conn.execute("SELECT display_name, password_hash FROM staff_accounts").fetchone()
        action = conn.execute("SELECT actor_label, action FROM audit_log").fetchone()
    assert row[0] == "jian.cha" and row[1].startswith("$argon2id$")
    assert action == ("cli", "staff.account.create")


def test_staff_create_reports_every_problem(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No catalog is loaded with demo mode off, so no department exists yet.
    assert create(monkeypatch, "short", "--username", "clerk01", "--role", "clerk", "--department", "GA") == 1
    err = capsys.readouterr().err
    assert "Nothing was created" in err
    assert "department_code: The catalog has no such department" in err
    assert "password: The password needs at least 12 characters" in err


def test_staff_create_in_a_department_of_the_catalog(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ONEVISIT_DEMO", "true")
    args = ["--username", "wang", "--role", "clerk", "--department", "CRJ", "--name", "王窗口"]
    assert create(monkeypatch, "window-clerk-pass", *args) == 0
    assert "in department CRJ" in capsys.readouterr().out


def test_the_password_is_never_an_argument(data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["staff", "create", "--username", "x1x", "--role", "admin", "--password", "secret-secret"])
    assert exited.value.code == 2


def test_audit_verify_names_the_first_altered_entry(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for number in range(3):
        assert create(monkeypatch, "supervising-hall-2026", "--username", f"sup{number}", "--role", "supervisor") == 0
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    assert "OK: 3 audit entries" in capsys.readouterr().out

    database = data_dir / "onevisit.sqlite3"
    with sqlite3.connect(database) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET result = 'failed' WHERE id = 2")
    # Someone with the file drops the triggers and rewrites an entry behind their back.
    conn = sqlite3.connect(database)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET target = 'sup9 (supervisor)' WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["audit", "verify"]) == 1
    assert "BROKEN: audit entry 2 " in capsys.readouterr().out


def test_audit_verify_notices_a_deleted_entry(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for number in range(3):
        create(monkeypatch, "supervising-hall-2026", "--username", f"sup{number}", "--role", "supervisor")
    conn = sqlite3.connect(data_dir / "onevisit.sqlite3")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    assert "BROKEN: audit entry 3 " in capsys.readouterr().out
