"""Reading applicants' workbooks in worker processes, in order, with a time limit per file.

Why processes: reading is half of an import, and a worker reads the next files while the main
process settles and stores the previous one, on the other core. And the process that holds the
store must never be the one that a file brings down: whatever happens in a worker (a crash in
C code, memory exhausted, a read that never ends) costs that worker and that file only. The
file is refused with a `Problem` at "文件", the worker is replaced and the batch goes on.

Why our own small pool and not concurrent.futures: a hung read has to be stopped by killing
exactly the worker that runs it, and the time limit has to count from when that worker starts
the file, not from when it was queued. ProcessPoolExecutor can do neither without reaching into
its internals, and one dead worker breaks every future still pending in it.

Workers are started with "spawn" on every system: it is what Windows does anyway, so the
behaviour tested here is the one shipped, and it never forks a process that has Qt threads or
an open SQLite connection. The frozen app calls multiprocessing.freeze_support() at start
(workbench/__main__.py, installer/launch.py) so that a spawned worker runs the reader, not a
second window.

One file (or `workers=0`) is read in this process: a single check should not pay for starting
a worker, and the reader refuses hostile files by its own limits (xlsx_reader, guard).
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from pathlib import Path

from workbench.core.domain.model import Application, Problem
from workbench.core.intake.submission import read_application

__all__ = ["read_many", "default_workers", "READ_TIMEOUT_S", "WORKERS_ENV", "crashed", "timed_out"]

# Hostile files must be refused within 5 s (the bureau's requirement), so a read that hangs is
# stopped before that. The largest application the reader accepts (10,000 claim rows, far
# beyond any real one) takes about 3 s on the 2-core development VM.
READ_TIMEOUT_S = 4.5
# Number of reader processes (0: read in the main process), for machines where starting
# processes is undesirable or slow.
WORKERS_ENV = "WORKBENCH_READ_WORKERS"
# Files handed to one worker ahead of its current one. A worker that sleeps between files is
# woken by the main process's write, and Linux then tends to run it on the main process's core
# (a pipe wake-up counts as a hand-over), so the two take turns on one core while the other
# idles; a worker with files queued keeps running, on its own core. Measured on the 2-core VM:
# with 2 queued, the main process waited ~2 s for results in a 1,000-file import; with 8, ~1 s.
_AHEAD = 8

FILE = "文件"
Reader = Callable[[str], Application]


def default_workers() -> int:
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        try:
            return max(0, int(value))
        except ValueError:
            pass
    # The main process has its own share of the work (settling, storing); more readers than
    # cores only compete with it.
    return min(os.cpu_count() or 2, 4)


def _refused(path: str, message: str) -> Application:
    return Application(applicant=None, source=Path(path).name, errors=[Problem(FILE, message)])


def crashed(path: str) -> Application:
    return _refused(path, "读取该文件时读取进程意外终止（文件可能已损坏或被恶意构造），已拒收；"
                          "请用 Excel 打开并重新保存为 .xlsx 后提交")


def timed_out(path: str, seconds: float) -> Application:
    return _refused(path, f"读取该文件超过 {seconds:g} 秒仍未完成（文件可能被恶意构造），已拒收；"
                          "请用 Excel 打开并重新保存为 .xlsx 后提交")


def _read_here(reader: Reader, path: str) -> Application:
    try:
        return reader(path)
    except Exception as exc:  # a reader other than read_application may raise
        return _refused(path, f"无法读取文件（{type(exc).__name__}），请用 Excel 重新保存为 .xlsx 后提交")


def _lower_priority() -> None:
    """The main process (settling, storing) is what an import waits for; readers only have to
    stay ahead of it, so on a busy PC they give way to it. (POSIX only; on Windows the
    workers run at normal priority.)"""
    if hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError:
            pass


def _work(conn, reader: Reader) -> None:
    """A worker's life: say it is ready, then read the paths it is sent and send each
    Application back; None ends it.

    Module level (not a closure) so that a spawned worker can import it by name.
    """
    _lower_priority()
    try:
        conn.send(_READY)
        while True:
            job = conn.recv()
            if job is None:
                return
            index, path = job
            conn.send((index, _read_here(reader, path)))
    except (EOFError, OSError, KeyboardInterrupt):
        # the main process went away or was interrupted: nothing to report to anyone
        return
    finally:
        conn.close()


_READY = "ready"
# Starting a worker is not the file's fault: on a slow PC (a frozen app scanned by antivirus
# software) it can take seconds, so the per-file limit counts from when the worker is ready,
# and a worker that never gets ready is given up after this long (its files are read elsewhere).
_START_TIMEOUT_S = 60.0


class _Worker:
    def __init__(self, ctx, reader: Reader):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_work, args=(child, reader), daemon=True,
                                name="workbench-reader")
        try:
            self.proc.start()
        except BaseException:
            self.conn.close()
            raise
        finally:
            # Our copy of the worker's end must go, or a dead worker's pipe would never read
            # as closed.
            child.close()
        self.jobs: deque[tuple[int, str]] = deque()
        self.ready = False
        self.started = time.monotonic()
        self.since = 0.0          # when the worker started on jobs[0], as far as we can tell

    def deadline(self, timeout: float) -> float:
        if not self.ready:
            return self.started + _START_TIMEOUT_S
        return self.since + timeout

    def send(self, index: int, path: str) -> None:
        if not self.jobs:
            self.since = time.monotonic()
        self.jobs.append((index, path))
        self.conn.send((index, path))

    def receive(self, ready: dict[int, Application]) -> None:
        """Take every message waiting; EOFError/OSError if the worker is gone."""
        while self.conn.poll():
            msg = self.conn.recv()
            if msg == _READY:
                self.ready = True
                self.since = time.monotonic()
                continue
            index, app = msg
            ready[index] = app
            self.jobs.popleft()
            self.since = time.monotonic()

    def stop(self, *, kill: bool) -> None:
        if not kill and self.proc.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill and self.proc.is_alive():
            self.proc.kill()
        self.proc.join(None if kill else 2.0)
        if self.proc.is_alive():  # did not take the hint within 2 s
            self.proc.kill()
            self.proc.join()
        self.conn.close()
        self.proc.close()


def read_many(paths: Iterable[str | Path], *, workers: int | None = None,
              timeout: float = READ_TIMEOUT_S,
              progress: Callable[[int, int, Path], None] | None = None,
              cancelled: Callable[[], bool] | None = None,
              reader: Reader = read_application) -> Iterator[tuple[Path, Application]]:
    """(path, Application) for each path, in the order given; never raises for a file.

    `workers`: reader processes (None: `default_workers()`; 0: read here). A single file is
    always read here. A read that takes longer than `timeout` seconds, or that ends its worker,
    gives a refused Application (`timed_out`, `crashed`) and a fresh worker. `progress(done,
    total, path)` is called as each result is handed on; `cancelled()` returning True stops
    before the next file. Closing the iterator early stops the workers. `reader` must be
    importable by name (module level): a spawned worker imports it.
    """
    paths = [Path(p) for p in paths]
    workers = default_workers() if workers is None else max(0, workers)
    workers = min(workers, len(paths))
    if workers == 0 or len(paths) <= 1:
        yield from _read_in_process(paths, reader, progress, cancelled)
    else:
        yield from _Pool(paths, workers, timeout, reader).results(progress, cancelled)


def _read_in_process(paths, reader, progress, cancelled) -> Iterator[tuple[Path, Application]]:
    for n, path in enumerate(paths, start=1):
        if cancelled and cancelled():
            return
        app = _read_here(reader, str(path))
        if progress:
            progress(n, len(paths), path)
        yield path, app


class _Pool:
    """The workers of one read_many call, and the files not yet handed back."""

    def __init__(self, paths: list[Path], n_workers: int, timeout: float, reader: Reader):
        self.paths = paths
        self.n_workers = n_workers
        self.timeout = timeout
        self.reader = reader
        self.ctx = multiprocessing.get_context("spawn")
        self.todo: deque[int] = deque(range(len(paths)))
        self.ready: dict[int, Application] = {}
        self.workers: list[_Worker] = []

    def _start(self) -> None:
        while len(self.workers) < self.n_workers:
            try:
                self.workers.append(_Worker(self.ctx, self.reader))
            except OSError:
                # No process can be started (a locked-down PC): work with the ones there are,
                # and with none, read here — slower, but the import goes on.
                self.n_workers = len(self.workers)
                return

    def results(self, progress, cancelled) -> Iterator[tuple[Path, Application]]:
        total = len(self.paths)
        try:
            self._start()
            for nxt in range(total):
                if cancelled and cancelled():
                    return
                # Take what the workers have finished and hand them more before the caller
                # gets the next file: they must read while the caller settles and stores.
                if self.workers:
                    self._collect(nxt, block=False)
                while nxt not in self.ready:
                    if not self.workers:
                        self.todo.remove(nxt)
                        self.ready[nxt] = _read_here(self.reader, str(self.paths[nxt]))
                        break
                    self._collect(nxt, block=True)
                if progress:
                    progress(nxt + 1, total, self.paths[nxt])
                yield self.paths[nxt], self.ready.pop(nxt)
        finally:
            for w in self.workers:
                # A worker still busy is killed: it only reads, so there is nothing to lose.
                w.stop(kill=bool(w.jobs))
            self.workers.clear()

    def _dispatch(self, nxt: int) -> None:
        # Results wait here for their turn: run only so far ahead, so that one slow file early
        # in a batch does not make the rest pile up in memory.
        window = nxt + len(self.workers) * (_AHEAD + 2)
        while self.todo and self.todo[0] < window:
            w = min(self.workers, key=lambda w: len(w.jobs))
            if len(w.jobs) >= _AHEAD:
                return
            i = self.todo.popleft()
            try:
                w.send(i, str(self.paths[i]))
            except OSError:          # it died before it got the file: _collect will see
                w.jobs.pop()
                self.todo.appendleft(i)
                return

    def _collect(self, nxt: int, *, block: bool) -> None:
        """Hand out files, take the results that are there (with `block`, wait for one, or
        for the nearest time limit), and replace a worker that died or overran."""
        self._dispatch(nxt)
        busy = [w for w in self.workers if w.jobs or not w.ready or not w.proc.is_alive()]
        if not busy:
            return
        now = time.monotonic()
        wait_s = max(0.0, min(w.deadline(self.timeout) for w in busy) - now) if block else 0.0
        signalled = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], wait_s))
        for w in busy:
            if w.conn not in signalled and w.proc.sentinel not in signalled \
                    and time.monotonic() < w.deadline(self.timeout):
                continue
            try:
                w.receive(self.ready)     # every result it sent, even if it died after sending
                gone = w.proc.sentinel in signalled or not w.proc.is_alive()
            except (EOFError, OSError):
                gone = True
            if not w.ready:
                if not gone and time.monotonic() < w.deadline(self.timeout):
                    continue
                # A worker that cannot even start will not do better the next time: go on
                # with one worker fewer (none left: the files are read here).
                self.n_workers -= 1
            elif gone:
                if w.jobs:
                    index, path = w.jobs.popleft()
                    self.ready[index] = crashed(path)
            elif time.monotonic() >= w.deadline(self.timeout) and w.jobs:
                index, path = w.jobs.popleft()
                self.ready[index] = timed_out(path, self.timeout)
            else:
                continue
            self._replace(w)
        self._dispatch(nxt)

    def _replace(self, w: _Worker) -> None:
        # The files queued behind the one that failed were never started: back in line, first.
        self.todo.extendleft(sorted((i for i, _ in w.jobs), reverse=True))
        w.jobs.clear()
        w.stop(kill=True)
        self.workers.remove(w)
        self._start()
