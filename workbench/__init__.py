"""光明区智能传感器扶持资金申报审核工作台."""

# The one place the version is written: the wheel (hatch reads it, pyproject.toml), the
# frozen programs, the Windows installer (/DAppVersion=…) and `--version` all take it from here.
__version__ = "0.1.0"
