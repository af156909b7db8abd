"""What people read instead of codes, "did you mean" for a slip, and the command line's and
set-up script's messages (issue 11: the lead's words, the command-line and README slips)."""

import subprocess
import sys
from pathlib import Path

import pytest

from uep_data import cli
from uep_data import contract as c
from uep_data.problems import Problem
from uep_data.values import CellProblem, vocabulary_reader
from uep_data.words import did_you_mean

ROOT = Path(__file__).resolve().parent.parent


def test_a_slip_of_a_letter_or_two_gets_did_you_mean_and_a_different_name_does_not():
    names = ["Community Adult Services", "Specialist Services", "Human Resources"]
    assert did_you_mean("Community Adult Servics", names) == "Community Adult Services"
    assert did_you_mean("community adult services", names) == "Community Adult Services"
    assert did_you_mean("Finance", names) is None


def test_a_vocabulary_problem_names_the_words_not_the_codes():
    read = vocabulary_reader(c.PAY_BANDS)
    with pytest.raises(CellProblem) as refused:
        read("grade 12")
    assert "Band 5" in str(refused.value) and "band_5" not in str(refused.value)


def test_a_vocabulary_slip_says_did_you_mean_in_words():
    read = vocabulary_reader(c.FUNDING_TYPES)
    with pytest.raises(CellProblem, match="did you mean “Recurring grant”"):
        read("recuring grant")


def test_a_vocabulary_value_is_read_from_its_words_as_well_as_its_code():
    read = vocabulary_reader(c.FUNDING_TYPES)
    assert read("One-off (non-recurrent)") == read("one_off") == "one_off"


def test_a_value_found_is_quoted_without_an_apostrophe_of_its_own():
    said = str(Problem("targets", 3, "value", "-5", "must be 0 or more"))
    assert "“-5”" in said and "'-5" not in said


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'uep.sqlite'}"
    assert cli.main(["sample", "--db", url]) == 0
    return url


@pytest.mark.parametrize(
    "option,name,said",
    [
        ("--directorate", "community adult services", "did you mean 'Community Adult Services'?"),
        ("--directorate", "Community Adult Servics", "did you mean 'Community Adult Services'?"),
        ("--profession", "Astronaut", "The professions are: Administrative and clerical"),
    ],
)
def test_summary_refuses_a_directorate_or_profession_not_on_the_list(
    capsys, sample_db, option, name, said
):
    capsys.readouterr()
    assert cli.main(["summary", "--db", sample_db, option, name]) == 2
    out, err = capsys.readouterr()
    assert said in err and out == ""


def test_page_refuses_a_misspelt_directorate_with_did_you_mean(capsys, sample_db):
    capsys.readouterr()
    code = cli.main(
        [
            "page",
            "recruitment",
            "--as",
            "programme_lead",
            "--db",
            sample_db,
            "--directorate",
            "Community Adult Servics",
        ]
    )
    assert code == 2
    assert "did you mean 'Community Adult Services'?" in capsys.readouterr().err


def test_as_of_is_taken_as_uploads_take_it(capsys, sample_db):
    capsys.readouterr()
    assert cli.main(["summary", "--db", sample_db, "--as-of", "31/03/2004", "--json"]) == 0
    assert '"as_of": "2004-03-31"' in capsys.readouterr().out


def test_summary_on_a_missing_database_refuses_and_leaves_no_empty_file(capsys, tmp_path):
    missing = tmp_path / "nowhere.sqlite"
    assert cli.main(["summary", "--db", f"sqlite:///{missing}"]) == 2
    assert "there is no database at" in capsys.readouterr().err
    assert not missing.exists()


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(sample_db):
    """`... | head -1`: the reader goes away; no BrokenPipeError and no traceback."""
    command = [sys.executable, "-m", "uep_data", "page", "targets", "--as", "programme_lead"]
    done = subprocess.run(
        f"{' '.join(command)} --db {sample_db} --json | head -c 1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "BrokenPipeError" not in done.stderr and "Traceback" not in done.stderr


def test_python_set_to_the_wrong_version_says_so(tmp_path):
    fake = tmp_path / "python3.10"
    fake.write_text("#!/bin/sh\necho 3.10\nexit 0\n")
    fake.chmod(0o755)
    done = subprocess.run(
        ["bash", "-c", "source scripts/python-env.sh && find_python"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHON": str(fake)},
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert f"PYTHON is set to '{fake}', which is Python 3.10" in done.stderr
    assert "Python 3.11, 3.12 or 3.13 is needed" in done.stderr
