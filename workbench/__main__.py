"""`python -m workbench`: no arguments opens the window; sub-commands run headless."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rest = list(argv)
    if "--db" in rest:  # `--db X` alone (no sub-command) still means: open the window on X
        i = rest.index("--db")
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
    sys.exit(main())
