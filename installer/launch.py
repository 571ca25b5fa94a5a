"""Entry point of the frozen desktop program (PyInstaller runs this file)."""
import sys

from workbench.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
