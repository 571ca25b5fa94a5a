"""Every command of the window as a QAction, declared once with its shortcut.

The decision actions carry the core's words for the decisions (workflow.DECISION_LABELS:
同意建议, 调整金额, 不予支持), so the button pressed and the 审核决定 column read the same.
Decisions use single keys in the claims table (as fast as typing in Excel); the same actions
are in the 审核 menu so they can be found and their keys learnt.
"""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

__all__ = ["make_actions"]


def make_actions(w: QWidget) -> SimpleNamespace:
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
        import_files=act(QCoreApplication.translate("Actions", "导入申报表…"), QKeySequence.Open, QStyle.SP_DialogOpenButton,
                         QCoreApplication.translate("Actions", "选择申报表文件导入；也可以把文件拖到窗口上")),
        import_folder=act(QCoreApplication.translate("Actions", "导入文件夹…"), "Ctrl+Shift+O", QStyle.SP_DirOpenIcon,
                          QCoreApplication.translate("Actions", "导入一个文件夹中的全部申报表")),
        save_template=act(QCoreApplication.translate("Actions", "保存空白申报表…"), None, None,
                          QCoreApplication.translate("Actions", "保存 GMSENSOR-1 空白申报表，发给申报单位填写")),
        backup=act(QCoreApplication.translate("Actions", "备份数据库…")),
        restore=act(QCoreApplication.translate("Actions", "从备份恢复…")),
        import_ledger=act(QCoreApplication.translate("Actions", "导入资助台账…"), None, None, QCoreApplication.translate("Actions", "导入以往的资助记录，用于上限和重复核查")),
        switch_reviewer=act(QCoreApplication.translate("Actions", "切换审核人员…"), "Ctrl+Shift+U", None,
                            QCoreApplication.translate("Actions", "换一位审核人员继续工作，或登记新的审核人员")),
        settings=act(QCoreApplication.translate("Actions", "设置…"), QKeySequence.Preferences),
        quit=act(QCoreApplication.translate("Actions", "退出"), QKeySequence.Quit),

        accept=act(QCoreApplication.translate("Actions", "同意建议"), "A", QStyle.SP_DialogApplyButton, QCoreApplication.translate("Actions", "按系统建议金额核定"), "Return"),
        set_amount=act(QCoreApplication.translate("Actions", "调整金额…"), "E", None, QCoreApplication.translate("Actions", "填写审核金额和理由"), "F2"),
        reject=act(QCoreApplication.translate("Actions", "不予支持…"), "R", QStyle.SP_DialogCancelButton, QCoreApplication.translate("Actions", "不予支持并写明理由")),
        next=act(QCoreApplication.translate("Actions", "下一项"), "N", QStyle.SP_ArrowDown, None, "J"),
        previous=act(QCoreApplication.translate("Actions", "上一项"), "P", QStyle.SP_ArrowUp, None, "K"),
        undo=act(QCoreApplication.translate("Actions", "撤销上一决定"), QKeySequence.Undo, None, QCoreApplication.translate("Actions", "在本阶段完成前撤销最后一个决定")),
        complete_first=act(QCoreApplication.translate("Actions", "完成初审"), None, None, QCoreApplication.translate("Actions", "全部事项已决定后提交复核")),
        confirm_second=act(QCoreApplication.translate("Actions", "复核通过"), None, None, QCoreApplication.translate("Actions", "由另一位审核人员确认初审结果")),
        return_second=act(QCoreApplication.translate("Actions", "复核退回…"), None, None, QCoreApplication.translate("Actions", "退回初审并写明理由")),
        finalize=act(QCoreApplication.translate("Actions", "审定…"), None, None, QCoreApplication.translate("Actions", "填写批准文号，核定金额写入资助台账；之后只能以更正方式修改")),

        amend=act(QCoreApplication.translate("Actions", "审定后更正…"), None, None,
                  QCoreApplication.translate("Actions", "更正已审定事项的核定金额：冲销原台账金额，写入新金额（须文号和理由）")),
        replace=act(QCoreApplication.translate("Actions", "替换申报表…"), None, None,
                    QCoreApplication.translate("Actions", "用申报单位更正后的申报表替换未审定的申报（须写理由）")),
        open_original=act(QCoreApplication.translate("Actions", "打开原申报表"), "Ctrl+Shift+E", None,
                          QCoreApplication.translate("Actions", "用 Excel 打开申报单位提交的原文件")),
        keys=act(QCoreApplication.translate("Actions", "签名密钥…"), None, None,
                 QCoreApplication.translate("Actions", "根证书与审核人员的签名密钥：创建、导入、签发、修改口令")),

        export_sheets=act(QCoreApplication.translate("Actions", "导出审核表…"), "Ctrl+E", QStyle.SP_DialogSaveButton),
        sign=act(QCoreApplication.translate("Actions", "签署审核表…"), "Ctrl+Shift+S"),
        countersign=act(QCoreApplication.translate("Actions", "会签…")),
        verify=act(QCoreApplication.translate("Actions", "验证签名…")),
        print_preview=act(QCoreApplication.translate("Actions", "打印预览…"), None, None),
        print=act(QCoreApplication.translate("Actions", "打印…"), QKeySequence.Print),
        open_export_dir=act(QCoreApplication.translate("Actions", "打开导出文件夹")),

        ledger=act(QCoreApplication.translate("Actions", "资助台账"), "Ctrl+1"),
        budget=act(QCoreApplication.translate("Actions", "预算总览"), "Ctrl+2"),
        audit=act(QCoreApplication.translate("Actions", "审计日志"), "Ctrl+3"),
        refresh=act(QCoreApplication.translate("Actions", "刷新"), QKeySequence.Refresh, QStyle.SP_BrowserReload),
        shortcuts=act(QCoreApplication.translate("Actions", "快捷键一览"), "F1"),
        about=act(QCoreApplication.translate("Actions", "关于")),
    )
