"""One folder walk for the command line and the window."""
from pathlib import Path

from workbench.core.intake.walk import collect_files
from workbench.ui.import_flow import collect_workbooks


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "收件"
    (root / "子目录").mkdir(parents=True)
    for name in ["b.xlsx", "a.xlsx", "~$a.xlsx", ".hidden.xlsx", "旧格式.xls", "清单.csv",
                 "说明.txt", "子目录/c.xlsm"]:
        (root / name).write_bytes(b"x")
    return root


def test_a_folder_gives_every_workbook_sorted_and_what_will_be_refused(tmp_path):
    root = _tree(tmp_path)
    names = [p.relative_to(root).as_posix() for p in collect_files([root])]
    assert names == sorted(["a.xlsx", "b.xlsx", "子目录/c.xlsm", "旧格式.xls", "清单.csv"])


def test_files_as_given_missing_kept_and_each_file_once(tmp_path):
    root = _tree(tmp_path)
    missing = tmp_path / "没有.xlsx"
    got = collect_files([root / "a.xlsx", missing, root, root / "." / "b.xlsx"])
    assert got[0] == root / "a.xlsx" and got[1] == missing
    assert [p.name for p in got].count("b.xlsx") == 1 and [p.name for p in got].count("a.xlsx") == 1


def test_the_window_walks_the_same_folder_the_same_way(tmp_path):
    root = _tree(tmp_path)
    missing = tmp_path / "没有.xlsx"
    assert collect_workbooks([root, missing]) == collect_files([root])
