"""The demo shows every outcome, and building it twice changes nothing."""
from workbench.cli import main
from workbench.core.app import demo
from workbench.core.domain.credit_code import checksum_ok
from workbench.core.review import batches
from workbench.core.review.decisions import claims
from workbench.core.store.audit import verify_store
from workbench.core.store.database import Store


def _statuses(store, item):
    return [c.status for c in claims(store, item.application_id)]


def test_demo_shows_every_outcome(tmp_path):
    with Store.open(tmp_path / "demo.sqlite") as store:
        report = demo.build_demo(tmp_path / "files", store)
        assert report.ledger.errors == [] and report.ledger.added == len(demo.ledger_awards())
        assert len(report.written) == 1 + len(demo.applications())
        by_name = {i.path.name[:2]: i for i in report.imports.items}
        assert by_name["07"].status == batches.REFUSED and by_name["07"].application_id is None
        assert _statuses(store, by_name["01"]) == ["reduce", "approve", "reject", "approve"]
        assert _statuses(store, by_name["02"]) == ["reject", "reject", "approve"]
        assert _statuses(store, by_name["03"]) == ["reject", "approve", "manual"]
        assert _statuses(store, by_name["04"]) == ["manual", "approve", "reject"]
        assert _statuses(store, by_name["05"]) == ["manual"]
        assert _statuses(store, by_name["06"]) == ["manual"]
        assert [p.where for p in by_name["04"].errors] == ["申报事项!G4"]
        seen = {s for i in report.imports.items if i.application_id for s in _statuses(store, i)}
        assert seen == {"approve", "reduce", "reject", "manual"}


def test_demo_is_under_the_audit_trail(tmp_path):
    with Store.open(tmp_path / "demo.sqlite") as store:
        demo.build_demo(tmp_path / "files", store)
        assert verify_store(store).ok
        assert {a["batch"] for a in store.applications()} == {demo.BATCH}


def test_demo_credit_codes():
    assert checksum_ok(demo.WEIGAN[1]) and checksum_ok(demo.QITA[1])
    assert not checksum_ok(demo.JIAOYAN[1])
    assert len(demo.JIAOYAN[1]) == 18


def test_demo_command_twice_is_harmless(tmp_path, capsys):
    db = tmp_path / "demo" / "demo.sqlite"
    argv = ["--db", str(db), "demo", str(tmp_path / "demo")]
    assert main(argv) == 0
    first = capsys.readouterr().out
    with Store.open(db) as s:
        counts = (s.count("ledger"), s.count("applications"), s.count("claims"))
    assert main(argv) == 0
    second = capsys.readouterr().out
    with Store.open(db) as s:
        assert (s.count("ledger"), s.count("applications"), s.count("claims")) == counts
    assert "新增 8 条" in first and "新增 0 条" in second and "已存在" in second
    assert first.splitlines()[-2] == second.splitlines()[-2]   # the same totals
