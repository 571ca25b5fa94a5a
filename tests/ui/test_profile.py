"""The start-up reviewer choice offers the PC's profiles and the store's registered reviewers."""
from workbench.core.store.database import Store
from workbench.core.store.reviewers import add_reviewer, disable_reviewer
from workbench.ui.dialogs.profile import ProfileDialog, store_reviewers


def test_registered_reviewers_are_offered_at_start(qtbot, settings, tmp_path):
    db = tmp_path / "s.sqlite"
    with Store.open(db) as store:
        add_reviewer(store, "张经办", "经办人")
        add_reviewer(store, "李复核", "复核人", actor="张经办")
        add_reviewer(store, "赵离职", "经办人", actor="张经办")
        disable_reviewer(store, "赵离职", actor="张经办")
    settings.set("review/profiles", [{"name": "李复核", "title": "复核人", "key": ""}])

    d = ProfileDialog(settings, store_reviewers=store_reviewers(db))
    qtbot.addWidget(d)
    names = [d.combo.itemData(i) for i in range(d.combo.count())]
    assert names == ["李复核", "张经办"]          # the PC's profile first, no duplicate, no inactive
    d.combo.setCurrentIndex(1)
    assert d.chosen() == "张经办"


def test_a_missing_store_offers_only_the_pcs_profiles(tmp_path):
    assert store_reviewers(tmp_path / "none.sqlite") == []
    assert not (tmp_path / "none.sqlite").exists()
