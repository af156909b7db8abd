"""The dashboard's events go to the system log (standard error, which systemd's journal keeps)
as well as the audit table: imports, undo, erasures, settings, sign-ins, and the refusals
(an upload refused, a change refused, a connection refused). A trust's IT watches the
journal, not the dashboard's tables; and the journal is beyond the erasure's reach, so no
line holds a person's code, a file's name or anything from an uploaded file."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, signed_in, workbook_bytes
from uep_data import access, db, erasure, events, importer, setting_changes, undo
from uep_data import sign_in_sessions as sessions
from web import hosts

ROOT = Path(__file__).resolve().parent.parent
CODE = "P0042"
LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (INFO|WARNING) uep-dashboard event=(\w+)( .*)?$"
)


def lines(captured: str) -> list[tuple[str, str, str]]:
    """(level, event, the rest) of each system log line written."""
    found = []
    for text in captured.splitlines():
        match = LINE.match(text)
        if match:
            found.append((match.group(1), match.group(2), match.group(3) or ""))
    return found


def import_a_person(engine, file_name=f"{CODE} referrals.xlsx", who="lead"):
    data = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows(CODE, "P0043"),
        "employments": [post(CODE, dt.date(2003, 4, 1)), post("P0043", dt.date(2003, 5, 1))],
    }
    return importer.import_files(engine, [(file_name, workbook_bytes(data))], who=who)


def test_an_import_and_its_undo_are_in_the_system_log_with_counts_and_no_code(engine, capsys):
    result = import_a_person(engine)
    assert result.status == "imported"
    undo.undo_last_import(engine, who="lead")
    err = capsys.readouterr().err
    said = lines(err)
    assert [event for _, event, _ in said] == ["import", "undo"]
    level, _, facts = said[0]
    assert level == "INFO"
    assert f'who="lead" entry=1 import_id={result.import_id} ' in facts
    assert "inserted=" in facts and "deleted=0" in facts
    assert "Employments" in facts or "employments" in facts.lower()
    assert f"import_id={result.import_id}" in said[1][2]
    # the file's name carried the code: neither is in the system log
    assert CODE not in err and "referrals" not in err


def test_an_erasure_is_in_the_system_log_without_the_code(engine, capsys):
    import_a_person(engine, "a.xlsx")
    capsys.readouterr()
    erased = erasure.erase_person(engine, CODE, who="lead")
    err = capsys.readouterr().err
    said = lines(err)
    assert [(level, event) for level, event, _ in said] == [("INFO", "erasure")]
    assert f"rows={erased.total}" in said[0][2]
    assert CODE not in err


def test_a_setting_is_named_but_not_its_value(sqlite_engine, capsys):
    roles = {"programme_lead": ["ann@trust.nhs.uk"], "steering_group": ["sam@trust.nhs.uk"]}
    setting_changes.change(sqlite_engine, "role_mapping", roles, "lead")
    said = lines(capsys.readouterr().err)
    assert said == [("INFO", "setting", ' who="lead" entry=1 setting="role_mapping"')]


def test_an_upload_refused_says_how_many_problems_not_what_they_quote(sqlite_engine, capsys):
    data = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows(CODE),
        "employments": [post(CODE, dt.date(2003, 4, 1), directorate="Secret Ward 9")],
    }
    result = importer.import_files(
        sqlite_engine, [(f"{CODE}.xlsx", workbook_bytes(data))], who="lead"
    )
    assert result.status == "refused" and result.problems.total >= 1
    err = capsys.readouterr().err
    said = lines(err)
    assert [(level, event) for level, event, _ in said] == [("WARNING", "import_refused")]
    assert f"problems={result.problems.total} checked_only=no" in said[0][2]
    assert CODE not in err and "Secret Ward" not in err


def test_a_change_refused_by_the_role_check_is_in_the_system_log(sqlite_engine, capsys):
    not_a_lead = signed_in("sam@trust.nhs.uk", {"programme_lead": ["ann@trust.nhs.uk"]})
    with pytest.raises(access.AccessDenied):
        setting_changes.change(sqlite_engine, "round_to", 10, not_a_lead)
    said = lines(capsys.readouterr().err)
    assert said == [
        (
            "WARNING",
            "change_refused",
            ' who="sam@trust.nhs.uk" why="not the programme lead in the roles in force"',
        )
    ]


def test_what_a_rolled_back_transaction_logged_is_not_reported(sqlite_engine, capsys):
    from uep_data import audit

    with pytest.raises(RuntimeError), db.writing(sqlite_engine) as conn:
        audit.log(conn, "lead", "setting", {"key": "round_to", "before": 5, "after": 10})
        raise RuntimeError("the change failed after it was logged")
    with db.writing(sqlite_engine) as conn:  # the same pooled connection, a new transaction
        audit.log(conn, "lead", "setting", {"key": "near_band", "before": 1, "after": 2})
    said = lines(capsys.readouterr().err)
    assert [facts for _, _, facts in said] == [' who="lead" entry=1 setting="near_band"']


def test_a_sign_in_is_in_the_system_log_with_its_role(sqlite_engine, capsys):
    at = dt.datetime(2026, 12, 1, 9, 0)
    issued = int(at.replace(tzinfo=dt.UTC).timestamp())
    claims = {"iss": "https://login.example", "sub": "ann", "iat": issued, "nonce": "n1"}
    lifetimes = sessions.Lifetimes(idle=dt.timedelta(minutes=30), absolute=dt.timedelta(hours=8))
    person = sessions.Person("ann@trust.nhs.uk", "programme_lead")
    state = sessions.check(
        sqlite_engine, claims, lifetimes, now=at + dt.timedelta(seconds=5), person=person
    )
    assert state == sessions.ACTIVE
    said = lines(capsys.readouterr().err)
    assert said == [("INFO", "sign_in", ' who="ann@trust.nhs.uk" entry=1 role="programme_lead"')]


def test_text_a_visitor_sends_cannot_begin_a_line_of_its_own():
    said = events.line("connection_refused", why="host not served", host='evil\nZ INFO x "y"')
    assert "\n" not in said
    assert said == (
        'event=connection_refused why="host not served" host="evil\\x0aZ INFO x \\x22y\\x22"'
    )
    assert len(events.value_text("x" * 5000)) <= 202


def test_refused_requests_are_reported_once_a_minute_for_each_host(capsys):
    host = "attacker-once-a-minute.example"
    assert hosts.report_refusal("host not served", host, now=1000.0)
    assert not hosts.report_refusal("host not served", host, now=1030.0)
    assert hosts.report_refusal("host not served", "other.example", now=1030.0)
    assert hosts.report_refusal("host not served", host, now=1061.0)
    said = lines(capsys.readouterr().err)
    assert [facts for _, _, facts in said] == [
        f' why="host not served" host="{host}"',
        ' why="host not served" host="other.example"',
        f' why="host not served" host="{host}"',
    ]


def test_a_sign_in_with_no_role_is_refused_in_the_system_log_once_a_session(
    sample_url, tmp_path, monkeypatch, capsys
):
    import shutil

    from streamlit.testing.v1 import AppTest

    from tests.app_support import APP, AUTH, as_signed_in

    path = tmp_path / "uep.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, f"sqlite:///{path}")
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.secrets["roles"] = {"programme_lead": ["lead@trust.nhs.uk"]}
    at.user = as_signed_in({"is_logged_in": True, "email": "visitor@trust.nhs.uk"})
    at.run()
    at.run()  # a second run of the same session says nothing more
    assert [title.value for title in at.title] == ["You have no access"]
    said = [(level, event, facts) for level, event, facts in lines(capsys.readouterr().err)]
    assert ("WARNING", "sign_in_refused", ' who="visitor@trust.nhs.uk" why="no role given"') in said
    assert [event for _, event, _ in said].count("sign_in_refused") == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_served_dashboard_writes_its_refusals_to_standard_error(sample_url, tmp_path):
    """As systemd runs a replica: `streamlit run serve.py`, its standard error the journal.
    A request for another host name is refused and said there."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env[db.ENVIRONMENT_VARIABLE] = sample_url
    errors = tmp_path / "stderr.log"
    with open(errors, "wb") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None and time.monotonic() < deadline
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as ok:
                    if ok.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        asked = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": "attacker.example"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(asked)
        assert refused.value.code == 400
        deadline = time.monotonic() + 10
        while not lines(errors.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lines(errors.read_text()) == [
            ("WARNING", "connection_refused", ' why="host not served" host="attacker.example"')
        ]
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
