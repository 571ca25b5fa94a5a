<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../workbench/ui/actions.py" line="35"/>
        <source>导入申报表…</source>
        <translation>Import applications…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="36"/>
        <source>选择申报表文件导入；也可以把文件拖到窗口上</source>
        <translation>Choose workbooks to import; you can also drop files on the window</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="37"/>
        <source>导入文件夹…</source>
        <translation>Import folder…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="38"/>
        <source>导入一个文件夹中的全部申报表</source>
        <translation>Import every application workbook in a folder</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="39"/>
        <source>导入资助台账…</source>
        <translation>Import award ledger…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="39"/>
        <source>导入以往的资助记录，用于上限和重复核查</source>
        <translation>Import past awards, used for caps and duplicate checks</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="40"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="41"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="43"/>
        <source>同意建议</source>
        <translation>Accept suggestion</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="43"/>
        <source>按系统建议金额核定</source>
        <translation>Approve at the suggested amount</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="44"/>
        <source>填写审核金额和理由</source>
        <translation>Enter the approved amount and a reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="44"/>
        <source>调整金额…</source>
        <translation>Adjust amount…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="45"/>
        <source>不予支持…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="45"/>
        <source>不予支持并写明理由</source>
        <translation>Reject the claim, with a reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="46"/>
        <source>下一项</source>
        <translation>Next claim</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="47"/>
        <source>上一项</source>
        <translation>Previous claim</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="48"/>
        <source>撤销上一决定</source>
        <translation>Undo last decision</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="48"/>
        <source>在本阶段完成前撤销最后一个决定</source>
        <translation>Undo the last decision before the stage is completed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="49"/>
        <source>完成初审</source>
        <translation>Complete first review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="49"/>
        <source>全部事项已决定后提交复核</source>
        <translation>Submit for second review once every claim is decided</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="50"/>
        <source>复核通过</source>
        <translation>Confirm (second review)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="50"/>
        <source>由另一位审核人员确认初审结果</source>
        <translation>Another reviewer confirms the first review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="51"/>
        <source>复核退回…</source>
        <translation>Return to first review…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="51"/>
        <source>退回初审并写明理由</source>
        <translation>Return to first review, with a reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="52"/>
        <source>审定…</source>
        <translation>Finalize…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="52"/>
        <source>填写批准文号，核定金额写入资助台账；之后只能以更正方式修改</source>
        <translation>Give the approval document number; the approved amounts go into the award ledger and can afterwards only be corrected by an amendment</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="54"/>
        <source>导出审核表…</source>
        <translation>Export review sheets…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="55"/>
        <source>签署审核表…</source>
        <translation>Sign review sheets…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="56"/>
        <source>会签…</source>
        <translation>Countersign…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="57"/>
        <source>验证签名…</source>
        <translation>Verify signatures…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="58"/>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="59"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="60"/>
        <source>打开导出文件夹</source>
        <translation>Open export folder</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="62"/>
        <source>资助台账</source>
        <translation>Award ledger</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="63"/>
        <source>预算总览</source>
        <translation>Budget overview</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="64"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="65"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/actions.py" line="66"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
</context>
<context>
    <name>AmountDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="54"/>
        <source>与建议金额不同时须写明理由</source>
        <translation>A reason is required when the amount differs from the suggestion</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="56"/>
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="56"/>
        <source>（一事一议，无建议金额）</source>
        <translation>(case by case, no suggestion)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="57"/>
        <source>审核金额（元）</source>
        <translation>Approved amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="59"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="84"/>
        <source>请写明理由</source>
        <translation>Please give a reason</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../workbench/ui/app.py" line="49"/>
        <source>光明区扶持资金审核工作台</source>
        <translation>Guangming Subsidy Review Workbench</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/app.py" line="77"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the store</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/app.py" line="78"/>
        <source>无法打开数据库 {path}：
{error}</source>
        <translation>Cannot open the store {path}:
{error}</translation>
    </message>
</context>
<context>
    <name>ApplicationListPanel</name>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="27"/>
        <source>搜索单位、信用代码、年度…</source>
        <translation>Search enterprise, credit code, year…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="62"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="78"/>
        <source>全部批次</source>
        <translation>All batches</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="80"/>
        <source>（未分批次）</source>
        <translation>(no batch)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/app_list.py" line="120"/>
        <source>{shown} / {total} 份申报</source>
        <translation>{shown} / {total} applications</translation>
    </message>
</context>
<context>
    <name>ApplicationTableModel</name>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="21"/>
        <source>申报单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="23"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="24"/>
        <source>待审</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="25"/>
        <source>尚待审核人员决定的事项数</source>
        <translation>Claims still waiting for a reviewer&apos;s decision</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="26"/>
        <source>事项</source>
        <translation>Claims</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="27"/>
        <source>申报事项数</source>
        <translation>Number of claims</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="29"/>
        <source>申请
(万元)</source>
        <translation>Requested
(10k yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="30"/>
        <source>申请金额合计（万元）；未填申请金额的事项按测算金额计</source>
        <translation>Requested total (10k yuan); a blank request counts at its computed amount</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="31"/>
        <source>建议
(万元)</source>
        <translation>Suggested
(10k yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="31"/>
        <source>系统建议金额合计（万元）</source>
        <translation>Suggested total (10k yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="32"/>
        <source>审核
(万元)</source>
        <translation>Approved
(10k yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="32"/>
        <source>审核金额合计（万元）</source>
        <translation>Approved total (10k yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="33"/>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="34"/>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/applications.py" line="35"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="45"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="48"/>
        <source>筛选操作人、操作、对象…</source>
        <translation>Filter by actor, action, subject…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="58"/>
        <source>尚未验证</source>
        <translation>Not verified yet</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="107"/>
        <source>验证已取消，数据库未作任何改动</source>
        <translation>Verification stopped; nothing in the store was changed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="62"/>
        <source>验证数据库</source>
        <translation>Verify store</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="90"/>
        <source>正在验证数据库…</source>
        <translation>Verifying the store…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="97"/>
        <source>&lt;b style=&apos;color:#1b7f3b&apos;&gt;验证通过&lt;/b&gt;：审计日志 {e} 条、台账 {l} 行、决定 {d} 项与日志一致，数据库完整。</source>
        <translation>&lt;b style=&apos;color:#1b7f3b&apos;&gt;Verified&lt;/b&gt;: {e} audit entries, {l} ledger rows and {d} decisions agree with the log; the database is intact.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="100"/>
        <source>&lt;b style=&apos;color:#c0262d&apos;&gt;验证未通过&lt;/b&gt;：发现 {n} 处问题，第一处最需要查看。</source>
        <translation>&lt;b style=&apos;color:#c0262d&apos;&gt;Verification failed&lt;/b&gt;: {n} problems found; look at the first one first.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="108"/>
        <source>无法验证：{error}</source>
        <translation>Cannot verify: {error}</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="22"/>
        <source>序号</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="23"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="24"/>
        <source>操作人</source>
        <translation>Actor</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="25"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="26"/>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/audit_log.py" line="27"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>BackgroundOp</name>
    <message>
        <location filename="../../workbench/ui/tasks.py" line="134"/>
        <source>正在取消，请稍候…</source>
        <translation>Cancelling, please wait…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/tasks.py" line="137"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/tasks.py" line="138"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="31"/>
        <source>申请金额</source>
        <translation>Requested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="31"/>
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="31"/>
        <source>审核金额</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="45"/>
        <source>本批次没有申报事项</source>
        <translation>No claims in this batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="58"/>
        <source>（单位：万元）</source>
        <translation>(unit: 10,000 yuan)</translation>
    </message>
</context>
<context>
    <name>BudgetDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="133"/>
        <source>预算总览&#x3000;{batch}</source>
        <translation>Budget overview  {batch}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="137"/>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="137"/>
        <source>条款</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="137"/>
        <source>事项</source>
        <translation>Claims</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="137"/>
        <source>申请金额</source>
        <translation>Requested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="138"/>
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="138"/>
        <source>审核金额</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="138"/>
        <source>待决定</source>
        <translation>Undecided</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="148"/>
        <source>批次总额</source>
        <translation>Batch total</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="152"/>
        <source>预算金额（元），空表示取消</source>
        <translation>Budget (yuan); empty removes it</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="153"/>
        <source>设定预算</source>
        <translation>Set budget</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="167"/>
        <source>接受核减方案</source>
        <translation>Accept the reduction</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="171"/>
        <source>预算</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="199"/>
        <source>（未知条款）</source>
        <translation>(unknown article)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="202"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="220"/>
        <source>已设预算：</source>
        <translation>Budgets set: </translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="222"/>
        <source>未设定</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="226"/>
        <source>设定预算后，如核定金额超出预算，将按比例提出核减方案。</source>
        <translation>Once a budget is set, approved amounts above it get a pro-rata reduction proposal.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="228"/>
        <source>核定金额未超出预算，无需核减。</source>
        <translation>Approved amounts are within the budget; no reduction needed.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="230"/>
        <source>拟调整 {n} 个事项，接受后记为“调整金额”决定。</source>
        <translation>{n} claims would change; accepting records them as “amount set” decisions.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="237"/>
        <source>不能执行</source>
        <translation>Not allowed</translation>
    </message>
</context>
<context>
    <name>ChangesDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="36"/>
        <source>台账变化后重算了 {n} 份未审定的申报，{k} 个事项的结论或建议金额有变化：</source>
        <translation>After the ledger changed, {n} open applications were settled again; {k} claims changed their outcome or suggestion:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="39"/>
        <source>台账变化后重算了 {n} 份未审定的申报，结论和建议金额均无变化。</source>
        <translation>After the ledger changed, {n} open applications were settled again; nothing changed.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="42"/>
        <source>以下申报已退回初审，须重新审核：{ids}</source>
        <translation>These applications went back to first review and must be reviewed again: {ids}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="50"/>
        <source>申报</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="50"/>
        <source>序号</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="50"/>
        <source>条款</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="51"/>
        <source>规则结论</source>
        <translation>Rule outcome</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="51"/>
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="51"/>
        <source>决定已撤回</source>
        <translation>Decision withdrawn</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/changes.py" line="60"/>
        <source>复制到剪贴板</source>
        <translation>Copy to clipboard</translation>
    </message>
</context>
<context>
    <name>ClaimDetailPanel</name>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="59"/>
        <source>选择一个申报事项查看计算说明</source>
        <translation>Select a claim to see how it was computed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="61"/>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="96"/>
        <source>申报数据</source>
        <translation>Application data</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="61"/>
        <source>填写内容</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="61"/>
        <source>单元格</source>
        <translation>Cell</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="67"/>
        <source>限额</source>
        <translation>Limit</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="67"/>
        <source>台账已获</source>
        <translation>In ledger</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="67"/>
        <source>本申报前序</source>
        <translation>Earlier lines</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="67"/>
        <source>剩余额度</source>
        <translation>Headroom</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="68"/>
        <source>本项计算</source>
        <translation>Before cap</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="68"/>
        <source>本项核定</source>
        <translation>After cap</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="94"/>
        <source>计算说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="95"/>
        <source>上限与剩余额度</source>
        <translation>Caps and headroom</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="113"/>
        <source>未选择申报事项</source>
        <translation>No claim selected</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="123"/>
        <source>规则结论：</source>
        <translation>Rules say: </translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="162"/>
        <source>：本项金额因此上限而减少</source>
        <translation>: this cap reduced the claim</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claim_detail.py" line="77"/>
        <source>本条款无金额上限或未计算金额</source>
        <translation>No cap applies, or no amount was computed</translation>
    </message>
</context>
<context>
    <name>ClaimTableModel</name>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="63"/>
        <source>★ 人工调整：与系统建议不同（建议 {s}）</source>
        <translation>★ Adjusted: differs from the suggestion ({s})</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="64"/>
        <source>★ 人工调整：本事项无系统建议金额</source>
        <translation>★ Adjusted: the claim has no suggested amount</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="71"/>
        <source>申报单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="72"/>
        <source>序号</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="73"/>
        <source>条款</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="75"/>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="76"/>
        <source>申请金额</source>
        <translation>Requested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="76"/>
        <source>按测算</source>
        <translation>as computed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="77"/>
        <source>申请金额未填，按测算金额计</source>
        <translation>No amount requested; the computed amount counts</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="77"/>
        <source>申请金额（元）</source>
        <translation>Requested amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="78"/>
        <source>测算金额</source>
        <translation>Computed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="78"/>
        <source>按规则公式测算的金额（元），未计上限</source>
        <translation>Amount by the rule&apos;s formula (yuan), before caps</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="79"/>
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="80"/>
        <source>系统建议金额（元）；依据见计算说明</source>
        <translation>Suggested amount (yuan); see the explanation for why</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="81"/>
        <source>规则结论</source>
        <translation>Rules say</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="83"/>
        <source>审核决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="85"/>
        <source>审核金额</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="88"/>
        <source>审核人员核定的金额（元）；★ 表示与系统建议不同</source>
        <translation>Amount approved by the reviewer (yuan); ★ marks one that differs from the suggestion</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/models/claims.py" line="89"/>
        <source>凭证编号</source>
        <translation>Voucher no.</translation>
    </message>
</context>
<context>
    <name>ClaimsPanel</name>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="31"/>
        <source>筛选项目、条款、凭证编号…</source>
        <translation>Filter by project, code, voucher…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="34"/>
        <source>全部结论</source>
        <translation>All outcomes</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="37"/>
        <source>显示本批次全部事项</source>
        <translation>Show every claim of the batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/panels/claims_view.py" line="145"/>
        <source>{shown} / {total} 项</source>
        <translation>{shown} / {total} claims</translation>
    </message>
</context>
<context>
    <name>EnterpriseModel</name>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="32"/>
        <source>单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="33"/>
        <source>台账记录</source>
        <translation>Ledger rows</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="34"/>
        <source>累计资助</source>
        <translation>Total awarded</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="35"/>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="20"/>
        <source>导入结果</source>
        <translation>Import report</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="23"/>
        <source>共 {total} 个文件：导入 {ok} 个，已导入过 {again} 个，拒收 {refused} 个；不予受理的申报事项 {rejected} 项。</source>
        <translation>{total} files: {ok} imported, {again} already imported, {refused} refused; {rejected} claims with input problems.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="28"/>
        <source>（导入已取消，其余 {n} 个文件未处理）</source>
        <translation>(import cancelled; {n} files not processed)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35"/>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="35"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="48"/>
        <source>复制到剪贴板</source>
        <translation>Copy to clipboard</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="49"/>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="70"/>
        <source>保存导入结果</source>
        <translation>Save import report</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="70"/>
        <source>导入结果.csv</source>
        <translation>import-report.csv</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/import_report.py" line="71"/>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../workbench/ui/labels.py" line="18"/>
        <source>通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="19"/>
        <source>核减</source>
        <translation>Reduced</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="20"/>
        <source>不予支持</source>
        <translation>Not supported</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="21"/>
        <source>人工审核</source>
        <translation>Manual review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="22"/>
        <source>拒收</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="23"/>
        <source>事项填写有误</source>
        <translation>Claim input problem</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="24"/>
        <source>同意建议</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="25"/>
        <source>调整金额</source>
        <translation>Adjusted</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="26"/>
        <source>待初审</source>
        <translation>To review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="27"/>
        <source>初审完成</source>
        <translation>1st review done</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="28"/>
        <source>复核完成</source>
        <translation>2nd review done</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/labels.py" line="29"/>
        <source>已审定</source>
        <translation>Finalized</translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="61"/>
        <source>资助台账</source>
        <translation>Award ledger</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="64"/>
        <source>搜索单位、信用代码…</source>
        <translation>Search enterprise, credit code…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="89"/>
        <source>年度 / 条款 / 项目</source>
        <translation>Year / article / project</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="89"/>
        <source>条款编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="89"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="90"/>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="90"/>
        <source>类别</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="90"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="96"/>
        <source>条款</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="96"/>
        <source>上限</source>
        <translation>Cap</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="96"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="96"/>
        <source>限额</source>
        <translation>Limit</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="97"/>
        <source>已获资助</source>
        <translation>Awarded</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="97"/>
        <source>剩余额度</source>
        <translation>Headroom</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="121"/>
        <source>历年资助（按年度和条款）</source>
        <translation>Awards by year and article</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="127"/>
        <source>各项上限的剩余额度，申报年度</source>
        <translation>Headroom under each cap for application year</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="146"/>
        <source>导入台账…</source>
        <translation>Import ledger…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="183"/>
        <source>{y} 年度</source>
        <translation>{y}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="187"/>
        <source>（未知条款）</source>
        <translation>(unknown article)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="190"/>
        <source>（第{n}期）</source>
        <translation> (installment {n})</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="201"/>
        <source>台账中没有该单位的资助记录</source>
        <translation>No awards of this enterprise in the ledger</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="212"/>
        <source>已使用</source>
        <translation>used</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="212"/>
        <source>未使用</source>
        <translation>not used</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="234"/>
        <source>选择资助台账</source>
        <translation>Choose an award ledger</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="235"/>
        <source>Excel 台账 (*.xlsx)</source>
        <translation>Excel ledger (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="245"/>
        <source>正在导入资助台账…</source>
        <translation>Importing the award ledger…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="257"/>
        <source>台账 {f} 有 {n} 处问题，未导入任何记录。请按单元格位置改正后重新导入。</source>
        <translation>Ledger {f} has {n} problems; nothing was imported. Correct the cells listed and import again.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="260"/>
        <source>台账导入结果</source>
        <translation>Ledger import</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/ledger_view.py" line="261"/>
        <source>台账 {f}：共 {rows} 行，新增 {added} 行，已有 {skipped} 行未重复导入。</source>
        <translation>Ledger {f}: {rows} rows, {added} added, {skipped} already there and not repeated.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="263"/>
        <source>光明区智能传感器扶持资金申报审核工作台</source>
        <translation>Guangming Smart-Sensor Subsidy Review Workbench</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="81"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="84"/>
        <source>最近的批次</source>
        <translation>Recent batches</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="90"/>
        <source>审核(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="94"/>
        <source>审核表(&amp;S)</source>
        <translation>&amp;Sheets</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="98"/>
        <source>查看(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="101"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="104"/>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="178"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="203"/>
        <source>本批次全部事项</source>
        <translation>All claims of the batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="203"/>
        <source>全部申报事项</source>
        <translation>All claims</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="208"/>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="213"/>
        <source>正在读取本批次全部 {n} 项…</source>
        <translation>Reading all {n} claims of the batch…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="216"/>
        <source>未选择申报</source>
        <translation>No application selected</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="218"/>
        <source>{name}&#x3000;{year} 年度&#x3000;（{code}）</source>
        <translation>{name}  year {year}  ({code})</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="264"/>
        <source>{store}（{reviewer}）— {app}</source>
        <translation>{store} ({reviewer}) — {app}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="265"/>
        <source>未选择审核人员</source>
        <translation>no reviewer chosen</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="269"/>
        <source>数据库：{name}</source>
        <translation>Store: {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="271"/>
        <source>审核人员：{name}</source>
        <translation>Reviewer: {name}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="271"/>
        <source>未选择</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="272"/>
        <source>规则集：{v}</source>
        <translation>Rule set: {v}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="278"/>
        <source>选择申报表</source>
        <translation>Choose applications</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="279"/>
        <source>Excel 申报表 (*.xlsx *.xlsm);;所有文件 (*)</source>
        <translation>Excel applications (*.xlsx *.xlsm);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="285"/>
        <source>选择申报表所在文件夹</source>
        <translation>Choose the folder of applications</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="294"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="294"/>
        <source>没有找到申报表文件（.xlsx）。</source>
        <translation>No application workbooks (.xlsx) found.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="300"/>
        <source>导入批次</source>
        <translation>Import batch</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="300"/>
        <source>将 {n} 个文件导入到批次：</source>
        <translation>Import {n} files into batch:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="310"/>
        <source>正在导入申报表…</source>
        <translation>Importing applications…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="323"/>
        <source>导入 {ok} 个文件，拒收 {refused} 个</source>
        <translation>Imported {ok} files, refused {refused}</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="347"/>
        <source>出错了</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="378"/>
        <source>预算总览</source>
        <translation>Budget overview</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="378"/>
        <source>预算按批次设定：请先在左侧选择一个批次。</source>
        <translation>Budgets are per batch: choose a batch on the left first.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="414"/>
        <source>数据库位置和界面语言在重新启动后生效</source>
        <translation>The store location and the language apply at the next start</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="418"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/main_window.py" line="419"/>
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
        <location filename="../../workbench/ui/dialogs/profile.py" line="37"/>
        <source>审核人员档案</source>
        <translation>Reviewer profile</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="46"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="52"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="53"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="54"/>
        <source>签名密钥文件</source>
        <translation>Signing key file</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="66"/>
        <source>选择签名密钥文件</source>
        <translation>Choose signing key file</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="67"/>
        <source>PKCS#12 密钥 (*.p12 *.pfx)</source>
        <translation>PKCS#12 keys (*.p12 *.pfx)</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="85"/>
        <source>选择审核人员</source>
        <translation>Choose reviewer</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="88"/>
        <source>新建档案…</source>
        <translation>New profile…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="97"/>
        <source>请选择本次工作的审核人员。审核决定和签名将记在此人名下。</source>
        <translation>Choose who is reviewing. Decisions and signatures are recorded under this name.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/profile.py" line="111"/>
        <source>{name}（{role}，本数据库登记）</source>
        <translation>{name} ({role}, registered in this store)</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/decision.py" line="23"/>
        <source>请写明理由，将记入审核记录和审核表</source>
        <translation>Give a reason; it goes into the review record and the sheet</translation>
    </message>
</context>
<context>
    <name>ReductionModel</name>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="102"/>
        <source>申报</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="103"/>
        <source>事项</source>
        <translation>Claims</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="104"/>
        <source>条款</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="105"/>
        <source>建议金额</source>
        <translation>Suggested</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="106"/>
        <source>现核定</source>
        <translation>Approved now</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/budget_view.py" line="107"/>
        <source>拟核定</source>
        <translation>Proposed</translation>
    </message>
</context>
<context>
    <name>ReviewActions</name>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="44"/>
        <location filename="../../workbench/ui/review_actions.py" line="146"/>
        <source>不能执行</source>
        <translation>Not allowed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="52"/>
        <source>不予支持</source>
        <translation>Not supported</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="52"/>
        <source>请写明不予支持的理由：</source>
        <translation>Why is the claim not supported?</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="62"/>
        <source>调整金额</source>
        <translation>Adjust amount</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="94"/>
        <source>退回初审</source>
        <translation>Return to first review</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="94"/>
        <source>请写明退回的理由：</source>
        <translation>Why is it returned?</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="107"/>
        <source>批次“{b}”中复核完成的全部申报</source>
        <translation>every second-reviewed application of batch “{b}”</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="108"/>
        <source>所选申报</source>
        <translation>the selected application</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="110"/>
        <source>审定</source>
        <translation>Finalize</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="111"/>
        <source>审定{what}：核定金额将写入资助台账，之后只能以更正方式修改。
请填写批准文号（文号）：</source>
        <translation>Finalize {what}: the approved amounts go into the award ledger and can afterwards only be corrected by an amendment.
Approval document number:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="125"/>
        <source>正在审定并写入资助台账…</source>
        <translation>Finalizing and writing the award ledger…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="134"/>
        <source>已审定 {n} 份申报（文号 {doc}），写入资助台账 {rows} 行，合计 {total} 元。</source>
        <translation>Finalized {n} applications (document {doc}); {rows} ledger rows, total {total} yuan.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="137"/>
        <source>其中超额核定 {n} 项。</source>
        <translation> {n} of them above the rules (override).</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/review_actions.py" line="138"/>
        <source>审定结果</source>
        <translation>Finalized</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="39"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="46"/>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="50"/>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="95"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="49"/>
        <source>数据库旁的 keys 文件夹</source>
        <translation>the keys folder beside the store</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="52"/>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="54"/>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="162"/>
        <source>数据库文件</source>
        <translation>Store file</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="55"/>
        <source>空表示用户数据目录下的默认位置；重新启动后生效。</source>
        <translation>Empty: the default under the user&apos;s data folder. Applies at the next start.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="56"/>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="169"/>
        <source>密钥文件夹</source>
        <translation>Keys folder</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="60"/>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="60"/>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="60"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="68"/>
        <source>审核人员档案与签名密钥</source>
        <translation>Reviewer profiles and signing keys</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="77"/>
        <source>随程序发布的最新规则集</source>
        <translation>The newest rule set shipped with the program</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="94"/>
        <source>可选：.ttf / .ttc 字体文件</source>
        <translation>Optional: a .ttf / .ttc font file</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="101"/>
        <source>规则、字体与语言</source>
        <translation>Rules, fonts and language</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="103"/>
        <source>规则集</source>
        <translation>Rule set</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="104"/>
        <source>界面字体</source>
        <translation>Font</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="105"/>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="174"/>
        <source>字体文件</source>
        <translation>Font file</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="106"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="107"/>
        <source>规则集和字体立即生效；界面语言在重新启动后生效。</source>
        <translation>The rule set and fonts apply at once; the language at the next start.</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="122"/>
        <source>（无签名密钥）</source>
        <translation>(no signing key)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="136"/>
        <source>不能添加审核人员</source>
        <translation>Cannot add the reviewer</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="163"/>
        <source>数据库 (*.sqlite)</source>
        <translation>Store (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/dialogs/settings_dialog.py" line="174"/>
        <source>字体 (*.ttf *.ttc *.otf)</source>
        <translation>Fonts (*.ttf *.ttc *.otf)</translation>
    </message>
</context>
<context>
    <name>SheetActions</name>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="80"/>
        <source>导出到文件夹</source>
        <translation>Export to folder</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="91"/>
        <source>不能执行</source>
        <translation>Not allowed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="134"/>
        <source>正在导出审核表…</source>
        <translation>Exporting review sheets…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="143"/>
        <source>已导出 {n} 个文件到 {folder}：</source>
        <translation>Exported {n} files to {folder}:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="146"/>
        <source>（导出已取消，其余文件未导出）</source>
        <translation>(export cancelled; the other files were not written)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="149"/>
        <source>已导出 {n} 个文件</source>
        <translation>Exported {n} files</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="151"/>
        <source>导出审核表</source>
        <translation>Export review sheets</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="159"/>
        <source>选择审核表</source>
        <translation>Choose review sheets</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="160"/>
        <source>审核表 (*.pdf)</source>
        <translation>Review sheets (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="174"/>
        <source>找不到签名密钥文件：{path}（请在设置中修改审核人员档案）</source>
        <translation>Signing key not found: {path} (change the reviewer profile in Settings)</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="182"/>
        <source>请输入签名密钥 {name} 的口令：</source>
        <translation>Passphrase of the signing key {name}:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="184"/>
        <source>签名口令</source>
        <translation>Signing passphrase</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="190"/>
        <source>口令不正确</source>
        <translation>Wrong passphrase</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="191"/>
        <source>口令不正确，请重新输入 {name} 的口令：</source>
        <translation>Wrong passphrase. Passphrase of {name} again:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="205"/>
        <source>会签</source>
        <translation>Countersign</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="205"/>
        <source>签入哪一栏：</source>
        <translation>Sign into which field:</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="238"/>
        <source>正在签署审核表…</source>
        <translation>Signing review sheets…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="248"/>
        <source>✓ {file}：{signer} 已签署（{role}）</source>
        <translation>✓ {file}: signed by {signer} ({role})</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="251"/>
        <source>签署结果</source>
        <translation>Signing</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="275"/>
        <source>正在验证签名…</source>
        <translation>Verifying signatures…</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="283"/>
        <source>✓ {file}：签名有效</source>
        <translation>✓ {file}: signatures valid</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="283"/>
        <source>✗ {file}：验证未通过</source>
        <translation>✗ {file}: verification failed</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="286"/>
        <source>验证签名</source>
        <translation>Verify signatures</translation>
    </message>
    <message>
        <location filename="../../workbench/ui/sheets_flow.py" line="314"/>
        <source>打印预览&#x3000;{file}</source>
        <translation>Print preview  {file}</translation>
    </message>
</context>
</TS>
