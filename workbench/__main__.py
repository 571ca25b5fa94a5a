"""`python -m workbench`: no arguments opens the window; sub-commands run headless."""
from __future__ import annotations

import sys

_WINDOW_OPTIONS = ("--db", "--reviewer")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rest = list(argv)
    # `--db X` or `--reviewer NAME` without a sub-command still means: open the window.
    for option in _WINDOW_OPTIONS:
        if option in rest:
            i = rest.index(option)
            del rest[i:i + 2]
    if not rest:
        try:
            from .ui.app import run_app
        except ImportError as exc:  # the window is not available on this installation
            print(f"无法启动桌面程序：{exc}", file=sys.stderr)
            return 2
        return run_app(argv)
    from .cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    # Applicants' workbooks are read in spawned worker processes (core/reading.py); in a frozen
    # app a worker starts this same program, which must then run the worker, not the window.
    import multiprocessing

    multiprocessing.freeze_support()
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`… log | head`): no traceback; what was done stays done.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)
