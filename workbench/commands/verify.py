"""`verify PDF… [--root PEM]`: check every signature of review sheets."""
from __future__ import annotations

import sys
from pathlib import Path

from ._keys_cli import add_keys, guarded, keys_of
from ._output import configure_utf8
from ._review_cli import EXIT_BROKEN, EXIT_USAGE, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "verify", help="验证审核表的数字签名：签名完整、证书链可信、签署后未被改动",
        description="逐个签名给出结论：签名所覆盖的内容是否完整，证书是否追溯到受信任的根证书，"
                    "签名之后是否只追加了后续签名（任何其他追加的修改都判为不通过）。"
                    "不需要数据库。退出码：0 全部通过；4 有文件未通过；2 文件或根证书无法读取。")
    p.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    p.add_argument("--root", type=Path, action="append", default=None, metavar="PEM",
                   help="受信任的根证书（可重复；默认为密钥文件夹中的根证书）")
    p.add_argument("--json", action="store_true")
    add_keys(p)
    p.set_defaults(func=_verify)


def _verdict(v) -> dict:
    return {"field": v.field, "role": v.role, "signer": v.signer,
            "signed_at": v.signed_at.isoformat() if v.signed_at else None, "ok": v.ok,
            "intact": v.intact, "valid": v.valid, "trusted": v.trusted,
            "covers_whole_file": v.covers_whole_file, "changes_after": v.changes_after,
            "problems": v.problems}


def _verify(args) -> int:
    from workbench.core.signing.sheet_verify import verify_sheet
    from workbench.core.signing.signer import SigningError, load_bureau_root

    configure_utf8()

    def go(_store):
        try:
            roots = ([load_bureau_root(r) for r in args.root] if args.root
                     else keys_of(args).trust_roots())
        except SigningError as exc:
            print(f"根证书：{exc}", file=sys.stderr)
            return EXIT_USAGE
        failed = unreadable = 0
        results = []
        stages = _stages_from_store(args.db)
        for pdf in args.pdfs:
            try:
                report = verify_sheet(pdf, roots, stage=stages(pdf))
            except OSError as exc:
                unreadable += 1
                print(f"{pdf}：无法读取文件（{exc.strerror}）", file=sys.stderr)
                results.append({"file": str(pdf), "ok": False, "error": exc.strerror})
                continue
            failed += not report.ok
            if args.json:
                results.append({"file": str(pdf), "ok": report.ok, "sha256": report.sha256,
                                "signatures": [_verdict(v) for v in report.signatures],
                                "unsigned_fields": report.unsigned_fields,
                                "problems": report.problems})
                continue
            print(f"{pdf}：")
            for line in report.lines():
                print(f"  {line}")
            print(f"  SHA-256：{report.sha256}")
        if args.json:
            print_json(results)
        elif len(args.pdfs) > 1:
            ok = len(args.pdfs) - failed - unreadable
            print(f"共 {len(args.pdfs)} 份：通过 {ok} 份，未通过 {failed} 份"
                  + (f"，无法读取 {unreadable} 份" if unreadable else ""))
        if failed:
            return EXIT_BROKEN
        return EXIT_USAGE if unreadable else 0
    return guarded(go)()


def _stages_from_store(db):
    """pdf -> the stage of the application the sheet belongs to, read from the store when
    there is one (read-only; any problem with it just means no hint)."""
    from workbench.core.signing.identities import application_of_hash
    from workbench.core.signing.signer import sha256_of
    from workbench.core.store import review_repo
    from workbench.core.store.database import Store

    try:
        store = Store.open_existing(db)
    except Exception:  # noqa: BLE001 - verifying needs no store
        return lambda pdf: None

    def stage(pdf):
        try:
            app = application_of_hash(store, sha256_of(Path(pdf).read_bytes()))
            if app is None:
                return None
            row = review_repo.app_state(store, app)
            return row["stage"] if row else None
        except Exception:  # noqa: BLE001
            return None
    return stage
