"""Entry point of the frozen programs (PyInstaller runs this file for both exes)."""
import multiprocessing
import os
import sys


def guard_streams() -> None:
    """A windowed Windows exe has no console: sys.stdout and sys.stderr are None, and the
    first print or isatty() would crash. Send them to a log in the data folder instead (what a
    sub-command said can then still be read), or nowhere if that folder cannot be written."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    try:
        from workbench.core.app.paths import data_dir

        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        sink = open(folder / "workbench.log", "a", encoding="utf-8", buffering=1)
    except OSError:
        sink = open(os.devnull, "w", encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = sink
    if sys.stderr is None:
        sys.stderr = sink


if __name__ == "__main__":
    # First thing: a spawned reader process (core/reading.py) starts this same executable,
    # and freeze_support turns it into the worker instead of a second window.
    multiprocessing.freeze_support()
    guard_streams()
    from workbench.__main__ import main

    sys.exit(main())
