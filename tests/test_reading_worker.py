"""Uploads are parsed in worker processes held to the operating system's limits: a worker
that a file takes down, or that goes past a limit, ends with a plain message while the
caller carries on."""

from __future__ import annotations

import io
import os
import pickle
import resource
import subprocess
import sys
import textwrap

import pytest

from tests.builders import csv_bytes
from tests.raw_xlsx import last_cell_workbook
from uep_data import reading_worker
from uep_data.reading_worker import Job, Limits

GIB = 1024**3


def contacts_csv(rows: int) -> bytes:
    return b"person_id,date,mode\n" + b"P0001,01/04/2003,email\n" * rows


def test_a_worker_is_held_to_30_seconds_of_processor_time_and_1_gib_of_memory():
    assert reading_worker.CPU_SECONDS <= 30
    assert reading_worker.MEMORY_BYTES <= GIB


def test_a_reader_that_aborts_on_a_file_ends_its_worker_with_a_message_not_the_caller():
    # the reader alone, without the check that would refuse the file first: python-calamine
    # tries to allocate the whole grid (half a terabyte) and aborts its process
    (outcome,) = reading_worker.run(
        [Job("read", "far.xlsx", last_cell_workbook("lower case"), {"kind": "xlsx"})]
    )
    assert not outcome.ok
    assert "could not be read within the memory one upload may use" in outcome.refusal
    # the worker died before it could say its own peak: the system's upper bound stands in,
    # and on Linux that bound starts from the memory of the process that started the worker
    started_by = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert outcome.peak_bytes <= max(GIB, started_by)


def test_a_worker_that_runs_out_of_memory_in_python_says_so():
    # a single line of commas: the CSV reader makes a list of 30 million empty cells before
    # the row can be judged too wide
    data = b"person_id\n" + b"," * 30_000_000
    limits = Limits(memory_bytes=300 * 1024**2)
    (outcome,) = reading_worker.run([Job("read", "people.csv", data, {"kind": "csv"})], limits)
    assert "could not be read within the memory one upload may use (300 MB)" in outcome.refusal


def test_a_worker_past_its_processor_time_is_stopped_with_a_message():
    # a million rows with a dozen notes each: several seconds of reading on any machine
    notes = ",".join(f"note{n}" for n in range(12))
    data = (
        f"person_id,date,mode,{notes}\n".encode()
        + ("P0001,01/04/2003,email," + ",".join(["some words here"] * 12) + "\n").encode()
        * 1_000_000
    )
    limits = Limits(cpu_seconds=1)
    (outcome,) = reading_worker.run([Job("read", "contacts.csv", data, {"kind": "csv"})], limits)
    assert outcome.refusal == (
        "contacts.csv took more than 1 seconds to read and was stopped: split the data into "
        "smaller files, or save it again from your spreadsheet program."
    )


def test_a_worker_that_sends_back_more_than_its_limit_is_stopped():
    data = csv_bytes(
        [{"person_id": f"P{n:05d}", "referral_date": "01/04/2003"} for n in range(500)]
    )
    limits = Limits(output_bytes=1000)
    (outcome,) = reading_worker.run([Job("read", "people.csv", data, {"kind": "csv"})], limits)
    assert "holds more data than one upload may" in outcome.refusal


def test_a_reading_comes_back_with_its_workers_peak_memory_and_processor_time():
    data = csv_bytes([{"person_id": "P1", "referral_date": "01/04/2003"}])
    (outcome,) = reading_worker.run([Job("read", "people.csv", data, {"kind": "csv"})])
    assert outcome.ok and "people" in outcome.result.sheets
    assert 0 < outcome.peak_bytes <= GIB and outcome.cpu_seconds > 0


def test_the_caller_takes_back_only_the_types_a_reading_holds():
    hostile = pickle.dumps(("ok", os.system))  # what a worker taken over might send
    with pytest.raises(pickle.UnpicklingError, match="does not hold posix.system"):
        reading_worker._Unpickler(io.BytesIO(hostile)).load()


def test_a_worker_cannot_lift_its_own_limits():
    script = textwrap.dedent("""
        import resource
        from uep_data.reading_worker import _hold_to_limits
        _hold_to_limits(512 * 1024**2, 5)
        for limit in (resource.RLIMIT_AS, resource.RLIMIT_CPU):
            try:
                resource.setrlimit(limit, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                print("lifted")
            except ValueError:
                print("held")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.split() == ["held", "held"], done.stderr
