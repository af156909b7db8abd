"""Reading uploads in worker processes that the operating system holds to limits.

A spreadsheet reader written in a native language can end the whole process it runs in:
python-calamine aborts (it does not raise) when a sheet claims a huge grid, and a runaway
allocation takes every session of the dashboard with it. So no upload is parsed in the
dashboard's or the command's own process. Each file is handed to a fresh Python process
which, before it reads a byte of the file, limits itself with `resource.setrlimit`: its
address space (MEMORY_BYTES), its CPU time (CPU_SECONDS), the files it may write
(LOG_BYTES: its error log, nothing else) and core dumps (none). What it sends back is
bounded too (`output_limit`), and unpickled with only the types a reading can hold. A worker
that is stopped by a limit, crashes or aborts ends with a plain message for the person
uploading; the server and the command carry on.

The workers are started with `subprocess` (fork and exec of a new interpreter, nothing run
in between): safe in Streamlit's multi-threaded server, where a bare fork is not. Measured
here, a worker with the reading modules loaded starts in ~65 ms (multiprocessing's spawn:
~77 ms). A forkserver's children start in ~12 ms once it runs, but the command would pay the
forkserver's own start (~80 ms) on every import, and each child runs the parent's main
script again (under `streamlit run`, Streamlit's launcher). The two workers of a workbook
start at once and run beside the caller's own work.
"""

from __future__ import annotations

import gc
import io
import logging
import os
import pickle
import resource
import selectors
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MEMORY_BYTES = 1024**3  # a worker's address space: the reader holds a whole sheet
CPU_SECONDS = 30  # a worker's processor time; a hostile file is refused within it
# a backstop for a worker that stops without using processor time (generous: a checking
# worker of a large workbook on a busy machine gets a small share of a core)
WALL_SECONDS = 180
LOG_BYTES = 1024 * 1024  # the most a worker may write to a file (its error log)
PIPE_CHUNK = 1024 * 1024  # bytes taken from a worker's output at a time
MEMORY_EXIT = 3  # a worker that ran out of memory and could not even say so in a result


@dataclass(frozen=True)
class Limits:
    """What a worker may use."""

    memory_bytes: int = MEMORY_BYTES
    cpu_seconds: int = CPU_SECONDS
    wall_seconds: float = WALL_SECONDS
    output_bytes: int | None = None  # None: by the size of the file (output_limit)


_HEADER = struct.Struct("<Q")  # the length of what follows
_ROOT = str(Path(__file__).resolve().parent.parent)
_BOOT = (
    # argv: the project's folder, the worker's memory limit in bytes, its CPU limit in
    # seconds, its niceness
    "import sys; sys.path.insert(0, sys.argv[1]); from uep_data.reading_worker import main; main()"
)
_ROLES = {
    # role -> (module, function) run in the worker: (name, data, **options) -> a result
    "check": ("uep_data.file_checks", "check_workbook"),
    "read": ("uep_data.workbook", "read_file"),
}
log = logging.getLogger(__name__)


@dataclass
class Job:
    """One thing for a worker to do with one file."""

    role: str  # a key of _ROLES
    name: str  # the file's name, for messages
    data: bytes
    options: dict = field(default_factory=dict)
    # A lower priority (nice) for a job whose result is wanted last: a workbook's check
    # runs beside its reading and the caller's planning, and its word is taken only before
    # the commit; on two cores the import ends ~0.1 s sooner when it gives way to them.
    nice: int = 0


@dataclass
class Outcome:
    """How a job ended: its result, or why there is none (a refusal or a limit reached)."""

    job: Job
    result: object = None
    refusal: str | None = None  # the plain message, when the file was refused or not read
    peak_bytes: int = 0  # the worker's peak resident memory
    cpu_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.refusal is None


def output_limit(data: bytes) -> int:
    """The most a worker may send back for a file. A reading holds the file's cell values
    (repeated values pickled once) and a few bytes a cell more, so twice the file's size and
    room for the cells of a small, well-compressed workbook; a worker that sends more is
    stopped."""
    return 64 * 1024 * 1024 + 2 * len(data)


# --- in the worker -----------------------------------------------------------------------


def _hold_to_limits(memory_bytes: int, cpu_seconds: int) -> None:
    for limit, soft, hard in (
        (resource.RLIMIT_CORE, 0, 0),
        (resource.RLIMIT_AS, memory_bytes, memory_bytes),
        # past the soft limit SIGXCPU ends the worker; a second later SIGKILL does
        (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1),
        (resource.RLIMIT_FSIZE, LOG_BYTES, LOG_BYTES),
    ):
        _, current = resource.getrlimit(limit)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        # hard limits too: nothing running in the worker can raise them again
        resource.setrlimit(limit, (soft, hard))


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the request ended early")
    return data


def _own_peak() -> int | None:
    """This process's peak resident memory since it became a worker (Linux: VmHWM, which
    starts again at exec; getrusage's figure would count the caller's memory it was forked
    from)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def main() -> None:
    """A worker: limit this process, read one job from stdin, write its outcome to stdout."""
    _hold_to_limits(int(sys.argv[2]), int(sys.argv[3]))
    # A reading makes a million small objects and no reference cycles; the cycle collector
    # would only walk them again and again. The worker's memory is bounded by its limit.
    gc.disable()
    if int(sys.argv[4]):
        os.nice(int(sys.argv[4]))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    (size,) = _HEADER.unpack(_read_exactly(stdin, _HEADER.size))
    role, name, options, data_size = pickle.loads(_read_exactly(stdin, size))
    data = _read_exactly(stdin, data_size)
    module, function = _ROLES[role]
    try:
        run = getattr(__import__(module, fromlist=[function]), function)
        from .file_checks import UnsafeFile

        try:
            outcome = ("ok", run(name, data, **options))
        except UnsafeFile as refusal:
            outcome = ("refused", str(refusal))
    except MemoryError:
        outcome = ("memory", None)
    except Exception:
        import traceback

        traceback.print_exc()  # to the worker's log, which the caller keeps
        outcome = ("error", None)
    del data
    try:
        payload = pickle.dumps((*outcome, _own_peak()), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    stdout.write(_HEADER.pack(len(payload)))
    stdout.write(payload)
    stdout.flush()


# --- in the caller -----------------------------------------------------------------------


class _Unpickler(pickle.Unpickler):
    """Only the types a reading is made of: a worker that a hostile file took over cannot
    make the caller run anything."""

    ALLOWED = {
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("uep_data.file_checks", "CheckedWorkbook"),
        ("uep_data.problems", "Problem"),
        ("uep_data.workbook", "SheetRows"),
        ("uep_data.workbook", "Upload"),
    }

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"a reading does not hold {module}.{name}")
        return super().find_class(module, name)


def _messages(name: str, limits: Limits) -> dict[str, str]:
    return {
        "memory": (
            f"{name} could not be read within the memory one upload may use "
            f"({limits.memory_bytes // 1024 // 1024:,} MB): it holds more than the dashboard "
            "can take at once, or it is damaged. Split the data into smaller files, or save it "
            "again from your spreadsheet program."
        ),
        "time": (
            f"{name} took more than {limits.cpu_seconds} seconds to read and was stopped: "
            "split the data into smaller files, or save it again from your spreadsheet program."
        ),
        "output": (f"{name} holds more data than one upload may; split it into smaller files."),
        "crashed": (
            f"{name} could not be read: the reader stopped on it. Open it in your spreadsheet "
            "program, save it again as 'Excel Workbook (.xlsx)' (or as CSV) and upload the "
            "new copy."
        ),
    }


class _Worker:
    def __init__(self, job: Job, limits: Limits):
        self.job = job
        self.limits = limits
        self.log = tempfile.TemporaryFile()
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-c",
                _BOOT,
                _ROOT,
                str(limits.memory_bytes),
                str(limits.cpu_seconds),
                str(job.nice),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            close_fds=True,
        )
        self.output = bytearray()
        self.limit = limits.output_bytes or output_limit(job.data)
        self.too_much = False
        self.status: int | None = None
        self.usage = None
        self.seconds = 0.0
        self.timed_out = False  # stopped at the wall-clock backstop
        # The request goes in from a thread of its own, so that the worker has its file while
        # the caller gets on with other things (an import readies the database meanwhile).
        self.sender = threading.Thread(target=self._send, name="upload-to-worker", daemon=True)
        self.sender.start()

    def _send(self) -> None:
        job, stdin = self.job, self.process.stdin
        head = pickle.dumps((job.role, job.name, job.options, len(job.data)))
        try:
            stdin.write(_HEADER.pack(len(head)) + head)
            stdin.write(job.data)
            stdin.close()
        except (BrokenPipeError, OSError, ValueError):  # the worker has ended: its status says why
            pass

    def read_some(self) -> bool:
        """Take what the worker has sent; True at its end."""
        chunk = os.read(self.process.stdout.fileno(), PIPE_CHUNK)
        if not chunk:
            return True
        self.output += chunk
        if len(self.output) > self.limit:
            self.too_much = True
            self.kill()
            return True
        return False

    def kill(self) -> None:
        # os.kill, not Popen.kill: that polls first and may reap the worker before wait4
        # reads its usage. Until reaped, the pid cannot belong to another process.
        if self.status is None:
            os.kill(self.process.pid, signal.SIGKILL)

    def reap(self) -> None:
        """Wait for the worker to end and note how (with its peak memory and CPU time)."""
        if self.status is None:
            _, status, self.usage = os.wait4(self.process.pid, 0)
            self.status = status
            self.process.returncode = os.waitstatus_to_exitcode(status)
            self.seconds = time.monotonic() - self.started
        self.sender.join()
        if not self.process.stdout.closed:
            self.process.stdout.close()

    def outcome(self) -> Outcome:
        job = self.job
        outcome = Outcome(job, seconds=self.seconds)
        if self.usage is not None:
            # wait4's peak, which counts the caller's memory the worker was forked from, unless
            # the worker said its own
            outcome.peak_bytes = self.usage.ru_maxrss * 1024
            outcome.cpu_seconds = self.usage.ru_utime + self.usage.ru_stime
        kind, value, peak = self._result()
        if peak:
            outcome.peak_bytes = peak
        if kind == "ok":
            outcome.result = value
        elif kind == "refused":
            outcome.refusal = value
        else:
            outcome.refusal = _messages(job.name, self.limits)[kind]
            log.warning(
                "a %s worker ended without a result: %s, exit status %s\n%s",
                job.role,
                kind,
                self.process.returncode,
                self._where(),
            )
        self.log.close()
        return outcome

    def _where(self) -> str:
        """Where the worker stopped, from its log: the traceback's places and the exception's
        type, never its message (which may quote the file's data)."""
        self.log.seek(0)
        lines = self.log.read(LOG_BYTES).decode("utf-8", "replace").splitlines()
        kept = [line for line in lines if line.startswith(("Traceback", '  File "'))]
        if lines:
            last = lines[-1]
            kept.append(last.split(":")[0] if not last.startswith("memory allocation") else last)
        return "\n".join(kept[-40:])

    def _result(self) -> tuple[str, object, int | None]:
        if self.too_much:
            return "output", None, None
        code = self.process.returncode
        data = bytes(self.output)
        if code == 0 and len(data) >= _HEADER.size:  # a worker that finished says how
            (size,) = _HEADER.unpack_from(data)
            if size == len(data) - _HEADER.size:
                try:
                    kind, value, peak = _Unpickler(io.BytesIO(data[_HEADER.size :])).load()
                except Exception:
                    return "crashed", None, None
                if kind in ("ok", "refused", "memory") and isinstance(peak, (int, type(None))):
                    return kind, value, peak
            return "crashed", None, None
        if code == MEMORY_EXIT:
            return "memory", None, None
        if self.timed_out or code in (-signal.SIGXCPU, -signal.SIGKILL):
            return "time", None, None  # SIGXCPU at the CPU limit, SIGKILL just past it
        self.log.seek(0)
        if b"memory allocation of" in self.log.read(LOG_BYTES):  # Rust's abort message
            return "memory", None, None
        return "crashed", None, None


class WorkerRun:
    """Jobs running at once, each in its own limited worker process."""

    def __init__(self, jobs: list[Job], limits: Limits = Limits()):
        self.workers = [_Worker(job, limits) for job in jobs]
        self.deadline = time.monotonic() + limits.wall_seconds
        self.selector = selectors.DefaultSelector()
        for worker in self.workers:
            self.selector.register(worker.process.stdout, selectors.EVENT_READ, worker)
        self._outcomes: dict[int, Outcome] = {}

    def outcome(self, index: int) -> Outcome:
        """The outcome of jobs[index], waiting for it (the other workers' results are taken in
        meanwhile, so that none waits on a full pipe)."""
        worker = self.workers[index]
        while index not in self._outcomes:
            if not self._registered(worker.process.stdout):
                worker.reap()
                self._outcomes[index] = worker.outcome()
                break
            self._pump()
        return self._outcomes[index]

    def stop(self) -> None:
        """End every worker still running (their outcomes are no longer wanted)."""
        if self.selector.get_map() is None:  # stopped already
            return
        for index, worker in enumerate(self.workers):
            if index not in self._outcomes:
                worker.kill()
                if self._registered(worker.process.stdout):
                    self.selector.unregister(worker.process.stdout)
                worker.reap()
                worker.log.close()
        self.selector.close()

    def _registered(self, pipe) -> bool:
        try:
            self.selector.get_key(pipe)
        except (KeyError, ValueError):
            return False
        return True

    def _pump(self) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            for worker in self.workers:
                if worker.status is None and not worker.timed_out:
                    worker.timed_out = True
                    worker.kill()
            remaining = 5  # let the pipes close as the workers end
        for key, _events in self.selector.select(remaining):
            if key.data.read_some():
                self.selector.unregister(key.fileobj)


def run(jobs: list[Job], limits: Limits = Limits()) -> list[Outcome]:
    """Run jobs at once in limited workers and return their outcomes, in order."""
    running = WorkerRun(jobs, limits)
    try:
        return [running.outcome(index) for index in range(len(jobs))]
    finally:
        running.stop()
