"""The formats.md commands (`import`, `ledger import`) run headless under the audit trail."""
import getpass
from decimal import Decimal

from workbench.cli import main
from workbench.core.app.demo import ledger_awards
from workbench.core.intake.template import write_application
from workbench.core.review.ledger import write_ledger
from workbench.core.store.audit import entries, verify_store
from workbench.core.store.database import Store
from workbench.core.store.reviewers import list_reviewers


def _app(path, cc, voucher, project="流片"):
    return write_application(path, {"name": "深圳光明传感科技有限公司", "credit_code": cc, "year": 2025,
                                    "in_district": True},
                             [{"line": 1, "code": "6.1", "project": project, "basis": Decimal("100000"),
                               "voucher": voucher}])


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().out


def test_fresh_store_imports_without_naming_a_reviewer(tmp_path, capsys, credit_code, monkeypatch):
    monkeypatch.delenv("WORKBENCH_REVIEWER", raising=False)
    db = tmp_path / "s.sqlite"
    code, _ = _run(capsys, "--db", db, "ledger", "import", write_ledger(tmp_path / "l.xlsx", ledger_awards()))
    assert code == 0
    code, out = _run(capsys, "--db", db, "import", _app(tmp_path / "a.xlsx", credit_code(1), "HT-1"))
    assert code == 0 and "已导入" in out
    with Store.open(db) as store:
        login = " ".join(getpass.getuser().split())
        assert [(r.name, r.role) for r in list_reviewers(store)] == [(login, "经办人")]
        actions = [e.action for e in entries(store)]
        assert "ledger_import" in actions and "import" in actions
        assert verify_store(store).ok


def test_once_reviewers_exist_an_unnamed_command_is_refused(tmp_path, capsys, credit_code, monkeypatch):
    monkeypatch.delenv("WORKBENCH_REVIEWER", raising=False)
    db = tmp_path / "s.sqlite"
    assert _run(capsys, "--db", db, "reviewer", "add", "张经办", "--role", "经办人", "--as", "张经办")[0] == 0
    path = _app(tmp_path / "a.xlsx", credit_code(1), "HT-1")
    code, _ = _run(capsys, "--db", db, "import", path)
    assert code == 1
    with Store.open(db) as store:
        assert store.count("applications") == 0
    monkeypatch.setenv("WORKBENCH_REVIEWER", "张经办")
    assert _run(capsys, "--db", db, "import", path)[0] == 0


def test_plain_import_keeps_two_applications_of_one_enterprise(tmp_path, capsys, credit_code):
    db = tmp_path / "s.sqlite"
    a = _app(tmp_path / "a.xlsx", credit_code(1), "HT-1")
    b = _app(tmp_path / "b.xlsx", credit_code(1), "HT-2", project="另一项目")
    assert _run(capsys, "--db", db, "import", a, b)[0] == 0
    with Store.open(db) as store:
        assert store.count("applications") == 2


def test_import_into_a_batch_treats_a_corrected_file_as_a_resubmission(tmp_path, capsys, credit_code):
    # A second file of the enterprise with another project and voucher is a second application;
    # one that repeats a project (or a voucher) of the first is its corrected version.
    db = tmp_path / "s.sqlite"
    a = _app(tmp_path / "a.xlsx", credit_code(1), "HT-1")
    b = _app(tmp_path / "b.xlsx", credit_code(1), "HT-2", project="另一项目")
    c = _app(tmp_path / "c.xlsx", credit_code(1), "HT-3")
    code, out = _run(capsys, "--db", db, "import", "--batch", "第一批", a, b)
    assert code == 0
    code, out = _run(capsys, "--db", db, "import", "--batch", "第一批", c)
    assert code == 1 and "替换" in out
    with Store.open(db) as store:
        assert store.count("applications") == 2


def test_import_exit_codes_follow_check(tmp_path, capsys, credit_code):
    db = tmp_path / "s.sqlite"
    bad = tmp_path / "bad.xlsx"
    bad.write_text("a,b\n1,2\n")
    assert _run(capsys, "--db", db, "import", bad)[0] == 2
    faulty = write_application(tmp_path / "f.xlsx", {"name": "某公司", "credit_code": credit_code(2), "year": 2025,
                                                    "in_district": True},
                               [{"line": 1, "code": "10", "project": "厂房", "area": Decimal("100"),
                                 "months": 13, "rent": Decimal("20"), "voucher": "ZL-1"}])
    code, out = _run(capsys, "--db", db, "import", faulty)
    assert code == 1 and "申报事项!G2" in out
