"""`template OUT.xlsx`: write the application template enterprises fill in."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("template", help="生成申报模板",
                       description="生成申报表模板（GMSENSOR-1），含条款下拉列表和填写示例。")
    p.add_argument("out", metavar="OUT.xlsx", type=Path, help="输出文件")
    p.set_defaults(func=run)


def run(args) -> int:
    from workbench.core.intake.template import write_template

    from ._output import configure_utf8

    configure_utf8()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_template(out)
    print(f"已生成申报模板：{out}")
    return 0
