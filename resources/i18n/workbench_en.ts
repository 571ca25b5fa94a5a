<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../workbench/ui/actions.py" line="33" />
        <source>导入申报表…</source>
        <translation>Import applications…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="34" />
        <source>选择申报表文件导入；也可以把文件拖到窗口上</source>
        <translation>Choose workbooks to import; you can also drop files on the window</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="35" />
        <source>导入文件夹…</source>
        <translation>Import folder…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="36" />
        <source>导入一个文件夹中的全部申报表</source>
        <translation>Import every application workbook in a folder</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="37" />
        <source>导入资助台账…</source>
        <translation>Import award ledger…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="37" />
        <source>导入以往的资助记录，用于上限和重复核查</source>
        <translation>Import past awards, used for caps and duplicate checks</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="38" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="39" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="41" />
        <source>接受建议</source>
        <translation>Accept suggestion</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="41" />
        <source>按建议金额审核通过</source>
        <translation>Approve at the suggested amount</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="42" />
        <source>设定金额…</source>
        <translation>Set amount…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="42" />
        <source>填写审核金额和理由</source>
        <translation>Enter the approved amount and a reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="43" />
        <source>不予支持…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="43" />
        <source>不予支持并写明理由</source>
        <translation>Reject the claim, with a reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="44" />
        <source>下一项</source>
        <translation>Next claim</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="45" />
        <source>上一项</source>
        <translation>Previous claim</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="46" />
        <source>撤销上一决定</source>
        <translation>Undo last decision</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="46" />
        <source>在本阶段完成前撤销最后一个决定</source>
        <translation>Undo the last decision before the stage is completed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="47" />
        <source>完成初审</source>
        <translation>Complete first review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="47" />
        <source>全部事项已决定后提交复核</source>
        <translation>Submit for second review once every claim is decided</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="48" />
        <source>复核通过</source>
        <translation>Confirm (second review)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="48" />
        <source>由另一位审核人员确认初审结果</source>
        <translation>Another reviewer confirms the first review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="49" />
        <source>复核退回…</source>
        <translation>Return to first review…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="49" />
        <source>退回初审并写明理由</source>
        <translation>Return to first review, with a reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="50" />
        <source>定稿</source>
        <translation>Finalize</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="50" />
        <source>锁定审核结果，之后不能再修改</source>
        <translation>Lock the results; no changes afterwards</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="52" />
        <source>导出审核表…</source>
        <translation>Export review sheets…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="53" />
        <source>签署审核表…</source>
        <translation>Sign review sheets…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="54" />
        <source>会签…</source>
        <translation>Countersign…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="55" />
        <source>验证签名…</source>
        <translation>Verify signatures…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="56" />
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="57" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="58" />
        <source>打开导出文件夹</source>
        <translation>Open export folder</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="60" />
        <source>资助台账</source>
        <translation>Award ledger</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="61" />
        <source>预算总览</source>
        <translation>Budget overview</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="62" />
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="63" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="64" />
        <source>关于</source>
        <translation>About</translation>
    </message>
</context>
<context>
    <name>AmountDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="54" />
        <source>与建议金额不同时须写明理由</source>
        <translation>A reason is required when the amount differs from the suggestion</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="56" />
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="56" />
        <source>（一事一议，无建议金额）</source>
        <translation>(case by case, no suggestion)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="57" />
        <source>审核金额（元）</source>
        <translation>Approved amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="59" />
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="84" />
        <source>请写明理由</source>
        <translation>Please give a reason</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../workbench/ui/app.py" line="49" />
        <source>光明区扶持资金审核工作台</source>
        <translation>Guangming Subsidy Review Workbench</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/app.py" line="76" />
        <source>无法打开数据库</source>
        <translation>Cannot open the store</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/app.py" line="77" />
        <source>无法打开数据库 {path}：
{error}</source>
        <translation>Cannot open the store {path}:
{error}</translation>
    </message>
</context>
<context>
    <name>ApplicationListPanel</name>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="25" />
        <source>搜索单位、信用代码、年度…</source>
        <translation>Search enterprise, credit code, year…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="44" />
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="60" />
        <source>全部批次</source>
        <translation>All batches</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="62" />
        <source>（未分批次）</source>
        <translation>(no batch)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="100" />
        <source>{shown} / {total} 份申报</source>
        <translation>{shown} / {total} applications</translation>
    </message>
</context>
<context>
    <name>ApplicationTableModel</name>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="20" />
        <source>申报单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="21" />
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="22" />
        <source>待审</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="23" />
        <source>事项</source>
        <translation>Claims</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="24" />
        <source>申请金额</source>
        <translation>Requested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="25" />
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="26" />
        <source>审核金额</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="27" />
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="28" />
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="29" />
        <source>批次</source>
        <translation>Batch</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="45" />
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="48" />
        <source>筛选操作人、操作、对象…</source>
        <translation>Filter by actor, action, subject…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="58" />
        <source>尚未验证</source>
        <translation>Not verified yet</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="62" />
        <source>验证数据库</source>
        <translation>Verify store</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="90" />
        <source>正在验证数据库…</source>
        <translation>Verifying the store…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="97" />
        <source>&lt;b style='color:#1b7f3b'&gt;验证通过&lt;/b&gt;：审计日志 {e} 条、台账 {l} 行、决定 {d} 项与日志一致，数据库完整。</source>
        <translation>&lt;b style='color:#1b7f3b'&gt;Verified&lt;/b&gt;: {e} audit entries, {l} ledger rows and {d} decisions agree with the log; the database is intact.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="100" />
        <source>&lt;b style='color:#c0262d'&gt;验证未通过&lt;/b&gt;：发现 {n} 处问题，第一处最需要查看。</source>
        <translation>&lt;b style='color:#c0262d'&gt;Verification failed&lt;/b&gt;: {n} problems found; look at the first one first.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="108" />
        <source>无法验证：{error}</source>
        <translation>Cannot verify: {error}</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="22" />
        <source>序号</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="23" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="24" />
        <source>操作人</source>
        <translation>Actor</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="25" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="26" />
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="27" />
        <source>详情</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>BackgroundOp</name>
    <message>
        <location filename="../../workbench/ui/tasks.py" line="134" />
        <source>正在取消，请稍候…</source>
        <translation>Cancelling, please wait…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/tasks.py" line="137" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/tasks.py" line="138" />
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>ClaimDetailPanel</name>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="59" />
        <source>选择一个申报事项查看计算说明</source>
        <translation>Select a claim to see how it was computed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="61" />
        <location filename="../../workbench/ui/panels/claim_detail.py" line="79" />
        <source>申报数据</source>
        <translation>Application data</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="61" />
        <source>填写内容</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="61" />
        <source>单元格</source>
        <translation>Cell</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="62" />
        <source>上限</source>
        <translation>Cap</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="62" />
        <source>限额</source>
        <translation>Limit</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="62" />
        <source>台账已获</source>
        <translation>In ledger</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="62" />
        <source>本申报前序</source>
        <translation>Earlier lines</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="63" />
        <source>剩余额度</source>
        <translation>Headroom</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="63" />
        <source>本项计算</source>
        <translation>Before cap</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="63" />
        <source>本项核定</source>
        <translation>After cap</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="77" />
        <source>计算说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="78" />
        <source>上限与剩余额度</source>
        <translation>Caps and headroom</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="96" />
        <source>未选择申报事项</source>
        <translation>No claim selected</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="106" />
        <source>规则结论：</source>
        <translation>Rules say: </translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="142" />
        <source>本条款无金额上限或未计算金额</source>
        <translation>No cap applies, or no amount was computed</translation>
    </message>
</context>
<context>
    <name>ClaimTableModel</name>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="39" />
        <source>申报单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="40" />
        <source>序号</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="41" />
        <source>条款</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="42" />
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="43" />
        <source>申请金额</source>
        <translation>Requested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="44" />
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="45" />
        <source>规则结论</source>
        <translation>Rules say</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="47" />
        <source>审核金额</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="48" />
        <source>审核意见</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="50" />
        <source>计算金额</source>
        <translation>Computed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="51" />
        <source>凭证编号</source>
        <translation>Voucher no.</translation>
    </message>
</context>
<context>
    <name>ClaimsPanel</name>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="27" />
        <source>筛选项目、条款、凭证编号…</source>
        <translation>Filter by project, code, voucher…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="30" />
        <source>全部结论</source>
        <translation>All outcomes</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="33" />
        <source>显示本批次全部事项</source>
        <translation>Show every claim of the batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="128" />
        <source>{shown} / {total} 项</source>
        <translation>{shown} / {total} claims</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="20" />
        <source>导入结果</source>
        <translation>Import report</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="23" />
        <source>共 {total} 个文件：导入 {ok} 个，已导入过 {again} 个，拒收 {refused} 个；不予受理的申报事项 {rejected} 项。</source>
        <translation>{total} files: {ok} imported, {again} already imported, {refused} refused; {rejected} claims with input problems.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="28" />
        <source>（导入已取消，其余 {n} 个文件未处理）</source>
        <translation>(import cancelled; {n} files not processed)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35" />
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35" />
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35" />
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="48" />
        <source>复制到剪贴板</source>
        <translation>Copy to clipboard</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="49" />
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="70" />
        <source>保存导入结果</source>
        <translation>Save import report</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="70" />
        <source>导入结果.csv</source>
        <translation>import-report.csv</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="71" />
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../workbench/ui/labels.py" line="17" />
        <source>通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="18" />
        <source>核减</source>
        <translation>Reduced</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="19" />
        <source>不予支持</source>
        <translation>Not supported</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="20" />
        <source>人工审核</source>
        <translation>Manual review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="21" />
        <source>拒收</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="22" />
        <source>事项填写有误</source>
        <translation>Claim input problem</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="37" />
        <source>光明区智能传感器扶持资金申报审核工作台</source>
        <translation>Guangming Smart-Sensor Subsidy Review Workbench</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="75" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="78" />
        <source>最近的批次</source>
        <translation>Recent batches</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="83" />
        <source>审核(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="87" />
        <source>审核表(&amp;S)</source>
        <translation>&amp;Sheets</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="91" />
        <source>查看(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="94" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="97" />
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="170" />
        <source>本批次全部事项</source>
        <translation>All claims of the batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="170" />
        <source>全部申报事项</source>
        <translation>All claims</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="173" />
        <source>未选择申报</source>
        <translation>No application selected</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="175" />
        <source>{name}　{year} 年度　（{code}）</source>
        <translation>{name}  year {year}  ({code})</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="201" />
        <source>数据库：{path}</source>
        <translation>Store: {path}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="202" />
        <source>审核人员：{name}</source>
        <translation>Reviewer: {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="202" />
        <source>未选择</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="208" />
        <source>选择申报表</source>
        <translation>Choose applications</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="209" />
        <source>Excel 申报表 (*.xlsx *.xlsm);;所有文件 (*)</source>
        <translation>Excel applications (*.xlsx *.xlsm);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="215" />
        <source>选择申报表所在文件夹</source>
        <translation>Choose the folder of applications</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="224" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="224" />
        <source>没有找到申报表文件（.xlsx）。</source>
        <translation>No application workbooks (.xlsx) found.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="230" />
        <source>导入批次</source>
        <translation>Import batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="230" />
        <source>将 {n} 个文件导入到批次：</source>
        <translation>Import {n} files into batch:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="240" />
        <source>正在导入申报表…</source>
        <translation>Importing applications…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="253" />
        <source>导入 {ok} 个文件，拒收 {refused} 个</source>
        <translation>Imported {ok} files, refused {refused}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="277" />
        <source>出错了</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="299" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="300" />
        <source>光明区智能传感器扶持资金申报审核工作台
版本 {v}
规则集 {rules}</source>
        <translation>Guangming Smart-Sensor Subsidy Review Workbench
Version {v}
Rule set {rules}</translation>
    </message>
</context>
<context>
    <name>NewProfileDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="23" />
        <source>审核人员档案</source>
        <translation>Reviewer profile</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="27" />
        <source>如：经办人、复核人</source>
        <translation>e.g. handler, reviewer</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="29" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="35" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="36" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="37" />
        <source>签名密钥文件</source>
        <translation>Signing key file</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="49" />
        <source>选择签名密钥文件</source>
        <translation>Choose signing key file</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="50" />
        <source>PKCS#12 密钥 (*.p12 *.pfx)</source>
        <translation>PKCS#12 keys (*.p12 *.pfx)</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="65" />
        <source>选择审核人员</source>
        <translation>Choose reviewer</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="68" />
        <source>新建档案…</source>
        <translation>New profile…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="77" />
        <source>请选择本次工作的审核人员。审核决定和签名将记在此人名下。</source>
        <translation>Choose who is reviewing. Decisions and signatures are recorded under this name.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="23" />
        <source>请写明理由，将记入审核记录和审核表</source>
        <translation>Give a reason; it goes into the review record and the sheet</translation>
    </message>
</context>
<context>
    <name>ReviewActions</name>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="35" />
        <source>不能执行</source>
        <translation>Not allowed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="43" />
        <source>不予支持</source>
        <translation>Not supported</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="43" />
        <source>请写明不予支持的理由：</source>
        <translation>Why is the claim not supported?</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="53" />
        <source>设定审核金额</source>
        <translation>Set approved amount</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="85" />
        <source>退回初审</source>
        <translation>Return to first review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="85" />
        <source>请写明退回的理由：</source>
        <translation>Why is it returned?</translation>
    </message>
</context>
</TS>