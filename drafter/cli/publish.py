"""`drafter publish`: the web copy (HTML and .txt) of each reply that is 主动公开, and an index page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drafter.cli.options import add_library, library_folders
from drafter.cli.registry import command
from drafter.i18n import N_, _, ngettext

PUBLISH_HELP = N_(
    """\
把主动公开的答复写成网页（.html）和纯文本（.txt），放到网站上用；另写一个目录页 index.html。

例子：
  drafter publish examples -o 公开
  drafter publish 答复1.yaml 答复2.yaml -o 公开 --force

网页和 .docx 出自同一份排版：标题、发文字号、称呼、正文（层次序号、表格）、署名、日期都一样；
不带发文机关标志、红线、左上角标注、印章位置和印发机关一行。电话、手机、传真号码一律去掉；
单位的 bureau.yaml 里写了 publish.hide_contact_name: true 时，联系人姓名也去掉。
公开属性看答复的 reply.disclosure，没写时看单位的 publish.disclosure；
不予公开、依申请公开和没写公开属性的答复不发布，逐件说明原因。
已有的文件不会被覆盖，除非加 --force。
"""
)


def arguments(parser: argparse.ArgumentParser) -> None:
    add_library(parser)
    parser.add_argument(
        "letters", nargs="+", type=Path, metavar="LETTER.yaml|DIR", help=_("答复函的 YAML 文件或文件夹")
    )
    parser.add_argument("-o", "--out-dir", required=True, type=Path, metavar="DIR", help=_("网页写到这个文件夹"))
    parser.add_argument("--force", action="store_true", help=_("覆盖已经存在的输出文件"))
    parser.add_argument("--ledger", type=Path, metavar="FILE", help=_("编号台账文件（doc_number: auto 时取号）"))


@command("publish", N_("生成主动公开答复的网页"), arguments, description=PUBLISH_HELP)
def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from drafter.publish.run import plan, write

    outcome = plan(args.letters, library_folders(args), args.ledger)
    for letter, why in outcome.skipped:
        print(_("跳过 {path}：{why}").format(path=letter, why=why), file=sys.stderr)
    for path in write(outcome, args.out_dir, args.force):
        print(_("已生成 {path}").format(path=path))
    kinds = outcome.kinds
    print(
        ngettext("已发布 {n} 件", "已发布 {n} 件", len(outcome.published)).format(n=len(outcome.published))
        + _(
            "；跳过 {n} 件（不予公开 {no}，依申请公开 {ask}，未写公开属性 {none}，"
            "未写完 {unwritten}，未取号 {unnumbered}）"
        ).format(
            n=len(outcome.skipped),
            no=kinds["不予公开"],
            ask=kinds["依申请公开"],
            none=kinds["none"],
            unwritten=kinds["unwritten"],
            unnumbered=kinds["unnumbered"],
        )
    )
    return 0
