"""Entry point of the frozen desktop program (PyInstaller runs this file)."""
import multiprocessing
import sys

from workbench.__main__ import main

if __name__ == "__main__":
    # First thing: a spawned reader process (core/reading.py) starts this same executable,
    # and freeze_support turns it into the worker instead of a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
