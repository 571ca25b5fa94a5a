"""The review workflow on the command line: the whole path, refusals and exit statuses."""
from __future__ import annotations

import json

import pytest

from tests.core.review_support import write_app


@pytest.fixture
def run(cli):
    return cli


def test_the_whole_path_on_the_command_line(run, tmp_path):
    assert run("reviewer", "add", "张三", "--role", "经办人")[0] == 0
    assert run("reviewer", "add", "李四", "--role", "复核人", "--as", "张三")[0] == 0
    for i in (1, 2):
        write_app(tmp_path / "in", i)
    code, out, _ = run("batch", "import", "2025-1", str(tmp_path / "in"), "--as", "张三")
    assert code == 0 and "[2/2]" in out and "导入 2" in out
    code, out, _ = run("claims", "1", "--json")
    claims = json.loads(out)["claims"]
    art2 = claims[2]["claim"]
    code, _, err = run("decide", str(art2), "--amount", "200000", "--as", "张三")
    assert code == 1 and "须写明理由" in err
    code, _, err = run("decide", str(art2), "--amount", "abc", "--reason", "x", "--as", "张三")
    assert code == 2 and "金额" in err
    assert run("decide", str(art2), "--amount", "200000", "--reason", "按投入核定", "--as", "张三")[0] == 0
    code, _, err = run("review", "first", "1", "2", "--as", "张三")
    assert code == 1 and "申报 #2" in err          # all or none: #2 still needs its 条款（二）
    assert run("decide", str(art2 + 3), "--reject", "--reason", "不符合", "--as", "张三")[0] == 0
    assert run("review", "first", "1", "2", "--as", "张三")[0] == 0
    code, _, err = run("review", "second", "1", "--as", "张三")
    assert code == 1 and "复核人不能与初审人相同" in err
    assert run("review", "second", "1", "2", "--as", "李四")[0] == 0
    code, out, _ = run("finalize", "--batch", "2025-1", "--doc-no", "深光工信〔2025〕1号",
                       "--as", "李四", "--json")
    assert code == 0 and json.loads(out)["ledger_rows"] == 5
    code, _, err = run("decide", str(art2), "--reject", "--reason", "x", "--as", "张三")
    assert code == 1 and "已审定" in err
    code, out, _ = run("batch", "show", "2025-1", "--json")
    assert json.loads(out)["totals"][-1]["approved"] == "1100000.00"
    assert run("budget", "set", "2025-1", "100", "--as", "张三")[0] == 0
    assert run("amend", str(art2), "--amount", "150000", "--reason", "审计核减",
               "--doc-no", "更正1号", "--as", "李四")[0] == 0
    code, out, _ = run("log", "--json")
    actions = [e["action"] for e in json.loads(out)]
    assert actions[-3:] == ["finalize", "budget_set", "amend"]
    code, out, _ = run("verify-store")
    assert code == 0 and "完好" in out
    code, out, _ = run("backup", str(tmp_path / "bk.sqlite"), "--as", "张三")
    assert code == 0 and "检查通过" in out


@pytest.mark.sqlite_only   # edits the SQLite file; on a server: test_office_mode
def test_unknown_reviewer_and_tampering_exit_codes(run, tmp_path):
    run("reviewer", "add", "张三", "--role", "经办人")
    code, _, err = run("batch", "create", "b", "--as", "王二")
    assert code == 1 and "未知的审核人员" in err
    run("batch", "import", "b", str(write_app(tmp_path, 1)), "--as", "张三")
    import sqlite3

    conn = sqlite3.connect(run.db)
    conn.execute("UPDATE audit_log SET actor = '李四' WHERE seq = 2")
    conn.commit()
    conn.close()
    code, _, err = run("verify-store")
    assert code == 4 and "审计日志第 2 条" in err


def test_verify_store_on_a_missing_file(run):
    assert run("verify-store")[0] == 2
