"""The window on the office's PostgreSQL server: opened from the command line or the start-up
choice, the server's address (never a password) in the settings and the title bar, and others'
changes noticed and shown without losing the reviewer's place."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

from workbench.core.store.database import Store
from workbench.core.store.pg.opening import shown

from .office import needs_server, run_window
from .person import press_ok, type_text, when_modal


@needs_server
def test_db_address_opens_the_whole_window_on_the_server(qapp, settings, monkeypatch, request):
    from tests.conftest import pg_schema_url

    url = pg_schema_url(request.node.name)
    # A script may write the password into the address: the window never shows or keeps it.
    with_password = url.replace("workbench@", "workbench:Gm-secret-1@")
    code, seen = run_window(monkeypatch, settings, ["--db", with_password, "--reviewer", "张三"],
                            look=lambda w: seen_store.append((w.workspace.store.url, w.workspace.path)))
    assert code == 0
    where = shown(url)
    assert seen["title"].startswith(where + "（张三）")
    assert seen["status"] == f"数据库服务器：{where}　登录名：workbench"
    assert seen_store == [(where, where)]   # the address as it is, no Path made of it
    for text in (seen["title"], seen["status"], seen["tip"]):
        assert "Gm-secret-1" not in text
    settings.sync()
    assert "Gm-secret-1" not in open(settings.backend.fileName(), encoding="utf-8").read()
    with Store.open_existing(url) as store:   # the window created the store there
        assert [r[0] for r in store.db.conn.execute("SELECT name FROM reviewers")] == ["张三"]


seen_store: list = []


def click_choice(radio) -> None:
    """A click on the round button itself (the row is wider than its words)."""
    QTest.mouseClick(radio, Qt.LeftButton, pos=QPoint(6, radio.height() // 2))
    assert radio.isChecked()


def test_server_down_is_said_in_a_dialog_and_nothing_opens(qapp, settings, monkeypatch, tmp_path):
    url = f"postgresql://workbench@/office?host={tmp_path}/nowhere"
    boxes = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: boxes.append((title, text)))
    code, seen = run_window(monkeypatch, settings, ["--db", url, "--reviewer", "张三"])
    assert code == 1 and not seen
    assert boxes == [("无法打开数据库", f"连不上数据库服务器 {url}：服务器未运行或网络不通")]


def test_server_of_the_settings_down_at_start_offers_the_choice_again(qapp, settings, monkeypatch, tmp_path):
    from workbench.ui.dialogs.store_choice import StoreChoiceDialog

    url = f"postgresql://workbench@/office?host={tmp_path}/nowhere"
    settings.set("store/engine", "postgresql")
    settings.set("store/server", url)
    boxes = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: boxes.append(text))
    mine = tmp_path / "mine.sqlite"

    def choose(d):   # back to this PC's file, as a reviewer would while the server is down
        click_choice(d.choice.file_choice)
        type_text(d.choice.file, str(mine))
        QTest.mouseClick(d.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok), Qt.LeftButton)

    chosen = when_modal(choose, StoreChoiceDialog)
    code, seen = run_window(monkeypatch, settings, ["--reviewer", "张三"])
    assert chosen and boxes == [f"连不上数据库服务器 {url}：服务器未运行或网络不通"]
    assert code == 0 and seen["window"].workspace.path == mine and mine.exists()
    assert settings.get("store/engine") == "sqlite" and settings.get("store/path") == str(mine)


def test_server_down_and_no_other_choice_ends_with_nothing_opened(qapp, settings, monkeypatch, tmp_path):
    from workbench.ui.dialogs.store_choice import StoreChoiceDialog

    settings.set("store/engine", "postgresql")
    settings.set("store/server", f"postgresql://workbench@/office?host={tmp_path}/nowhere")
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: None)
    cancelled = when_modal(lambda d: d.reject(), StoreChoiceDialog)
    code, seen = run_window(monkeypatch, settings, ["--reviewer", "张三"])
    assert cancelled and code == 1 and not seen
    assert settings.get("store/engine") == "postgresql"


@needs_server
def test_a_database_of_another_program_is_refused_and_left_as_it_was(qapp, settings, monkeypatch, request):
    import psycopg

    from tests.conftest import pg_schema_url

    url = pg_schema_url(request.node.name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    boxes = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: boxes.append(text))
    code, seen = run_window(monkeypatch, settings, ["--db", url, "--reviewer", "张三"])
    assert code == 1 and not seen
    assert boxes and "不是工作台的数据库" in boxes[0] and "未做任何改动" in boxes[0]
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]
    assert tables == ["invoices"]


def test_settings_choose_the_office_server_and_keep_no_password(window, qtbot, settings):
    from workbench.ui.app import store_path

    window.a.settings.trigger()
    dlg = window.settings_dialog
    qtbot.waitUntil(dlg.isVisible)
    choice = dlg.store_choice
    assert choice.file_choice.isChecked() and not choice.server.isEnabled()
    click_choice(choice.server_choice)
    assert choice.server.isEnabled() and not choice.file.isEnabled()
    # Not an address: said, and the dialog stays open with what was typed.
    type_text(choice.server, "192.168.1.10/workbench")
    seen = press_ok(QMessageBox)
    ok = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok)
    QTest.mouseClick(ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert dlg.isVisible() and "postgresql://" in dlg.messages[-1]
    type_text(choice.server, "postgresql://zhang:Gm-secret-2@192.168.1.10:5433/workbench?sslmode=verify-full")
    QTest.mouseClick(ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    assert settings.get("store/engine") == "postgresql"
    assert settings.get("store/server") == "postgresql://zhang@192.168.1.10:5433/workbench?sslmode=verify-full"
    assert "Gm-secret-2" not in open(settings.backend.fileName(), encoding="utf-8").read()
    assert store_path(settings) == settings.get("store/server")
    assert "重新启动" in window.statusBar().currentMessage()


@needs_server
def test_start_up_choice_moves_to_the_server(qapp, qtbot, settings, monkeypatch, tmp_path, request):
    from tests.conftest import pg_schema_url
    from workbench.ui.dialogs.profile import ProfileDialog
    from workbench.ui.dialogs.store_choice import StoreChoiceDialog

    url = pg_schema_url(request.node.name)
    settings.set("store/path", str(tmp_path / "mine.sqlite"))
    settings.set("review/profiles", [{"name": "张三", "title": "经办人", "key": ""}])
    labels = []

    def profile(d):
        labels.append(d.store_label.text())
        if len(labels) == 1:   # 更换数据库…: the choice opens (filled by `choose`)
            change = next(b for b in d.findChildren(QPushButton) if b.text() == "更换数据库…")
            QTest.mouseClick(change, Qt.LeftButton)
        else:
            QTest.mouseClick(d.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)

    def choose(d):
        click_choice(d.choice.server_choice)
        type_text(d.choice.server, url)
        QTest.mouseClick(d.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok), Qt.LeftButton)

    chosen = when_modal(choose, StoreChoiceDialog)
    seen_dialogs = when_modal(profile, ProfileDialog, times=2)
    code, seen = run_window(monkeypatch, settings, [])
    assert code == 0 and seen_dialogs and chosen
    assert labels == [f"数据库：{tmp_path / 'mine.sqlite'}", f"数据库：{shown(url)}"]
    assert seen["status"].startswith(f"数据库服务器：{shown(url)}")
    assert settings.get("store/engine") == "postgresql" and settings.get("store/server") == shown(url)
    assert not (tmp_path / "mine.sqlite").exists()


@needs_server
def test_backup_of_a_server_store_goes_to_this_pc_and_restore_is_left_to_the_server(
        qapp, qtbot, settings, monkeypatch, tmp_path, request):
    from PySide6.QtWidgets import QApplication, QFileDialog

    from tests.conftest import pg_schema_url
    from workbench.ui.app import create_main_window, prepare_app

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "data"))
    url = pg_schema_url(request.node.name)
    prepare_app(QApplication.instance(), settings)
    w = create_main_window(url, settings, reviewer="张三")
    qtbot.addWidget(w)
    w.show()
    try:
        offered, texts = [], []

        def save_as(d):
            offered.append(d.selectedFiles()[0])
            QTest.keyClick(d, Qt.Key_Escape)
        seen = when_modal(save_as, QFileDialog)
        w.a.backup.trigger()
        # Offered in this PC's data folder, named by the server's database (schema path aside).
        assert seen and offered[0].startswith(str(tmp_path / "data"))
        assert offered[0].endswith("-备份.sqlite")

        told = when_modal(lambda box: (texts.append(box.text()), QTest.keyClick(box, Qt.Key_Return)), QMessageBox)
        w.a.restore.trigger()
        assert told and "不能在窗口中用备份替换" in texts[0] and "store copy" in texts[0]
    finally:
        w.close()
        w.workspace.close()

