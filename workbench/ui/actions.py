"""Every command of the window as a QAction, declared once with its shortcut.

Decisions use single keys in the claims table (as fast as typing in Excel); the same actions
are in the 审核 menu so they can be found and their keys learnt.
"""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

__all__ = ["make_actions"]


def make_actions(w: QWidget) -> SimpleNamespace:
    tr = w.tr
    st = w.style()

    def act(text, shortcut=None, icon=None, tip=None, *more_keys):
        a = QAction(text, w)
        keys = [QKeySequence(k) for k in ((shortcut,) if shortcut else ()) + more_keys]
        if keys:
            a.setShortcuts(keys)
        if icon is not None:
            a.setIcon(st.standardIcon(icon))
        if tip:
            a.setStatusTip(tip)
        a.setToolTip(f"{text}（{keys[0].toString(QKeySequence.NativeText)}）" if keys else text)
        return a

    return SimpleNamespace(
        import_files=act(tr("导入申报表…"), QKeySequence.Open, QStyle.SP_DialogOpenButton,
                         tr("选择申报表文件导入；也可以把文件拖到窗口上")),
        import_folder=act(tr("导入文件夹…"), "Ctrl+Shift+O", QStyle.SP_DirOpenIcon,
                          tr("导入一个文件夹中的全部申报表")),
        import_ledger=act(tr("导入资助台账…"), None, None, tr("导入以往的资助记录，用于上限和重复核查")),
        settings=act(tr("设置…"), QKeySequence.Preferences),
        quit=act(tr("退出"), QKeySequence.Quit),

        accept=act(tr("接受建议"), "A", QStyle.SP_DialogApplyButton, tr("按建议金额审核通过"), "Return"),
        set_amount=act(tr("设定金额…"), "E", None, tr("填写审核金额和理由"), "F2"),
        reject=act(tr("不予支持…"), "R", QStyle.SP_DialogCancelButton, tr("不予支持并写明理由")),
        next=act(tr("下一项"), "N", QStyle.SP_ArrowDown, None, "J"),
        previous=act(tr("上一项"), "P", QStyle.SP_ArrowUp, None, "K"),
        undo=act(tr("撤销上一决定"), QKeySequence.Undo, None, tr("在本阶段完成前撤销最后一个决定")),
        complete_first=act(tr("完成初审"), None, None, tr("全部事项已决定后提交复核")),
        confirm_second=act(tr("复核通过"), None, None, tr("由另一位审核人员确认初审结果")),
        return_second=act(tr("复核退回…"), None, None, tr("退回初审并写明理由")),
        finalize=act(tr("定稿"), None, None, tr("锁定审核结果，之后不能再修改")),

        export_sheets=act(tr("导出审核表…"), "Ctrl+E", QStyle.SP_DialogSaveButton),
        sign=act(tr("签署审核表…"), "Ctrl+Shift+S"),
        countersign=act(tr("会签…")),
        verify=act(tr("验证签名…")),
        print_preview=act(tr("打印预览…"), None, None),
        print=act(tr("打印…"), QKeySequence.Print),
        open_export_dir=act(tr("打开导出文件夹")),

        ledger=act(tr("资助台账"), "Ctrl+1"),
        budget=act(tr("预算总览"), "Ctrl+2"),
        audit=act(tr("审计日志"), "Ctrl+3"),
        refresh=act(tr("刷新"), QKeySequence.Refresh, QStyle.SP_BrowserReload),
        about=act(tr("关于")),
    )
