"""Several reviewers at once on one store, on both engines: five processes deciding different
and the same claims, completing first and second review of the same applications, and pressing
审定 on the same applications at the same moment. Nothing is lost, a decision on a stale view is
refused, every stage step and finalize happens exactly once, and the chain stays one line."""
from __future__ import annotations

import multiprocessing as mp
import traceback
from collections import Counter
from decimal import Decimal as D

import pytest

from tests.core.review_support import FIRST, HEAD, SECOND, add_reviewers, bulk_import
from workbench.core.review import decisions as review
from workbench.core.store import audit
from workbench.core.store.database import Store

pytestmark = pytest.mark.slow  # processes started afresh (spawn), on each engine

FOURTH, FIFTH = "赵六", "钱七"
WHO = (FIRST, SECOND, HEAD, FOURTH, FIFTH)
DOC = "深光工信〔2026〕{}号"
N_APPS = 8          # 1-5: one reviewer's each; 6: everybody's; 7: first_done; 8: second_done


def _run(store, action: str, who: str, args: tuple):
    from workbench.core.review import awards

    if action == "decide":
        claim, kind, amount, reason, seen = args
        v = review.decide(store, who, claim, kind, amount, reason, seen=seen)
        return v.decision_seq
    if action == "first":
        return [a.id for a in review.complete_first_review(store, who, args)]
    if action == "second":
        return [a.id for a in review.confirm_second_review(store, who, args)]
    if action == "finalize":
        ids, doc = args
        return awards.finalize(store, who, doc, app_ids=ids).seq
    raise ValueError(action)


def _worker(store_at, who: str, phases: list, barrier, results) -> None:
    """One reviewer's PC: open the store, then at each phase (all five together, behind the
    barrier) do its actions, reporting ('ok', value) or ('refused', message) for each."""
    from workbench.core.domain.workflow import Refused

    out = []
    try:
        with Store.open(store_at) as store:
            for phase, actions in enumerate(phases):
                barrier.wait(timeout=120)
                for action, args in actions:
                    try:
                        out.append((phase, who, action, args, "ok", _run(store, action, who, args)))
                    except Refused as exc:
                        out.append((phase, who, action, args, "refused", str(exc)))
    except BaseException:  # noqa: BLE001 - the parent reports it
        out.append((-1, who, "crash", (), "crash", traceback.format_exc()))
        barrier.abort()
    results.put(out)


def _prepare(store_at) -> dict[int, list[int]]:
    from workbench.core.store.reviewers import add_reviewer

    with Store.open(store_at) as s:
        add_reviewers(s)
        add_reviewer(s, FOURTH, "经办人", actor=FIRST)
        add_reviewer(s, FIFTH, "复核人", actor=FIRST)
        ids = bulk_import(s, "B", range(1, N_APPS + 1))
        assert ids == list(range(1, N_APPS + 1))
        review.complete_first_review(s, FIRST, [7, 8])
        review.confirm_second_review(s, SECOND, [8])
        return {a: [c.claim_id for c in review.claims(s, a)] for a in ids}


def _phases(claims: dict[int, list[int]]) -> dict[str, list]:
    x, y = claims[6]
    fin = ("finalize", ([7, 8], None))
    plan: dict[str, list] = {}
    for k, who in enumerate(WHO):
        own = claims[k + 1]
        decide = [("decide", (own[0], "accept", None, "", 0)),
                  ("decide", (own[1], "amount", D("10000.00"), f"{who}按发票核减", 0)),
                  # Everybody saw claim x undecided: only the first to decide it may.
                  ("decide", (x, "reject", None, f"{who}认为不符合", 0)),
                  # No version given (as before): each replaces the last, all are logged.
                  ("decide", (y, "reject", None, f"{who}：重复申报", None))]
        plan[who] = [decide, [], []]
    # Phase 2: two complete first review of application 6 at once, two confirm the second
    # review of application 7 at once, one completes first review of 1-5 meanwhile.
    plan[FIRST][1] = [("first", (6,))]
    plan[FOURTH][1] = [("first", (6,))]
    plan[SECOND][1] = [("second", (7,))]
    plan[FIFTH][1] = [("second", (7,))]
    plan[HEAD][1] = [("first", (1, 2, 3, 4, 5))]
    # Phase 3: four press 审定 on 7 and 8 at once (each with a document number of their own);
    # one confirms the second review of 1-5 meanwhile.
    for k, who in enumerate((FIRST, HEAD, FOURTH, FIFTH)):
        plan[who][2] = [(fin[0], (fin[1][0], DOC.format(k + 1)))]
    plan[SECOND][2] = [("second", (1, 2, 3, 4, 5))]
    return plan


def test_five_reviewers_at_once_lose_nothing_and_finalize_once(store_at):
    claims = _prepare(store_at)
    with Store.open(store_at) as s:
        before = audit.last_entry(s.db.conn)[0]
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(len(WHO)), ctx.Queue()
    plan = _phases(claims)
    procs = [ctx.Process(target=_worker, args=(str(store_at), who, plan[who], barrier, results))
             for who in WHO]
    for p in procs:
        p.start()
    done = [r for _ in procs for r in results.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
    crashes = [r[-1] for r in done if r[4] == "crash"]
    assert not crashes, crashes[0]
    assert len(done) == 5 * 4 + 5 + 5

    ok = [r for r in done if r[4] == "ok"]
    refused = [r for r in done if r[4] == "refused"]
    x, y = claims[6]
    with Store.open(store_at) as s:
        log = {e.seq: e for e in audit.entries(s, since=before)}
        stored = {c.claim_id: c for a in claims for c in review.claims(s, a)}

        # Every decision that returned OK is in the log under its seq, by its reviewer.
        decided = [r for r in ok if r[2] == "decide"]
        for _, who, _, args, _, seq in decided:
            e = log[seq]
            assert (e.action, e.actor, e.details["decisions"][str(args[0])][0]) == ("decide", who, args[1])
        # Own claims: each reviewer's two decisions, each as that reviewer made it.
        for k, who in enumerate(WHO):
            a, b = (stored[c] for c in claims[k + 1])
            assert (a.decision, a.decided_by, b.decision, b.approved, b.reason) == (
                "accept", who, "amount", D("10000.00"), f"{who}按发票核减")
        # Claim x: exactly one of the five decided it; the other four were refused, naming them.
        on_x = [r for r in done if r[2] == "decide" and r[3][0] == x]
        winners = [r[1] for r in on_x if r[4] == "ok"]
        assert len(winners) == 1, on_x
        winner = winners[0]
        assert stored[x].decided_by == winner and stored[x].reason == f"{winner}认为不符合"
        losers = [r[-1] for r in on_x if r[4] == "refused"]
        assert len(losers) == 4 and all(m.startswith(f"该事项的决定已由 {winner} 于 ") and
                                        m.endswith(" 改动，请刷新后再决定") for m in losers), losers
        # Claim y (no version given): all five recorded in turn; the last one logged stands.
        on_y = sorted(r[-1] for r in decided if r[3][0] == y)
        assert len(on_y) == 5 and stored[y].decision_seq == on_y[-1]
        assert stored[y].decided_by == log[on_y[-1]].actor
        assert len([r for r in refused if r[2] == "decide"]) == 4

        # Phase 2: application 6's first review and 7's second review each happened once.
        steps = Counter((e.action, e.subject) for e in log.values() if e.action != "decide")
        assert steps[("first_review", "application:6")] == 1
        assert steps[("second_review", "application:7")] == 1
        for app in range(1, 6):
            assert steps[("first_review", f"application:{app}")] == 1
            assert steps[("second_review", f"application:{app}")] == 1
        twice = [r for r in refused if r[2] in ("first", "second")]
        assert len(twice) == 2 and any("不能再次完成初审" in r[-1] for r in twice), twice
        apps = {a.id: a for a in review.applications(s)}
        assert apps[6].stage == "first_done" and apps[6].first_reviewer in (FIRST, FOURTH)
        assert apps[7].second_reviewer in (SECOND, FIFTH)
        assert all(apps[a].stage == "second_done" for a in range(1, 6))

        # Phase 3: finalize once: one entry, one ledger award per claim of 7 and 8.
        pressed = [r for r in done if r[2] == "finalize"]
        fin_ok = [r for r in pressed if r[4] == "ok"]
        assert len(pressed) == 4 and len(fin_ok) == 1, pressed
        assert all("已审定并锁定" in r[-1] for r in pressed if r[4] == "refused")
        finals = [e for e in log.values() if e.action == "finalize"]
        assert [e.seq for e in finals] == [fin_ok[0][-1]] and finals[0].actor == fin_ok[0][1]
        doc = fin_ok[0][3][1]
        assert apps[7].stage == apps[8].stage == "finalized" and apps[7].doc_no == apps[8].doc_no == doc
        per_claim = s.db.conn.execute(
            "SELECT claim_id, COUNT(*), MIN(doc_no) FROM ledger GROUP BY claim_id ORDER BY claim_id").fetchall()
        expected = sorted(c for a in (7, 8) for c in claims[a] if stored[c].approved)
        assert [r[0] for r in per_claim] == expected and len(expected) == 4
        assert all(n == 1 and d == doc for _, n, d in per_claim)

        # Nothing else was written, and the chain is one unbroken line.
        expected_entries = len(decided) + 1 + 5 + 1 + 5 + 1
        assert sorted(log) == list(range(before + 1, before + 1 + expected_entries)), Counter(
            e.action for e in log.values())
        report = audit.verify_store(s, full=True)
        assert report.ok, [str(p) for p in report.problems]
        assert report.entries == before + expected_entries
