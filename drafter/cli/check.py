"""`drafter check` (any .docx against the house style and the wording rules) and `drafter preview` (PDF and PNG)."""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import sys
from pathlib import Path
from typing import Any

from drafter.cli.options import add_library, library_folders
from drafter.cli.registry import command
from drafter.i18n import N_, _
from drafter.problems import InputError, Problem

CHECK_HELP = N_(
    """\
检查 .docx（本工具生成的或别人写的）是否符合公文格式（GB/T 9704-2012 和本单位的版式），并检查措辞：
纸张和页边距、行距和每页22行、每行28字、字体字号、标题层次、信函版头的位置和红色双线、标题、主送机关、
正文缩进、发文字号、成文日期、署名、附注、附件说明、附件的位置、版记、页码、颜色、标点的字体；未填写的占位符、
半角标点、发文字号的括号、日期写法、成对标点、称呼与类别、建议提案编号、公开件中的手机号码、年份区间的连接号、
句末标点。命令、纪要有自己的格式，只说明一句，不作检查。“第几段”只数有文字的段落（不计空段）。

例子：
  drafter check 答复函.docx
  drafter check 成稿/*.docx --bureau wenzhou-sti
  drafter check 答复函.docx --render          （用 LibreOffice 排版，检查每页行数、页码位置、版记位置）
  drafter check 答复函.docx --json > 结果.json

每个问题列出规则编号、错误或警告、第几段（和这一段的开头几个字）、应为什么、实为什么。
退出码：0 没有错误（可能有警告），1 有错误（加 --strict 时有警告也算），2 有文件打不开。
"""
)

PREVIEW_HELP = N_(
    """\
用 LibreOffice 把 .docx 转成 PDF 和每页一张 PNG 图片，用来查看版面（Linux 上用替代字体，只供查看）。

例子：
  drafter preview 答复函.docx                 （在旁边生成 答复函.pdf、答复函-1.png、答复函-2.png ……）
  drafter preview 答复函.docx -o 预览

已有同名文件时不覆盖，除非加 --force。
"""
)


def check_arguments(parser: argparse.ArgumentParser) -> None:
    add_library(parser)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.docx", help=_("要检查的 Word 文档"))
    parser.add_argument("--bureau", metavar="ID", help=_("按这个单位模板库的版式检查（默认按基础库）"))
    parser.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))
    parser.add_argument("--render", action="store_true", help=_("另用 LibreOffice 排版，检查需要看版面的项目"))
    parser.add_argument("--strict", action="store_true", help=_("有警告也算不通过（退出码 1）"))


def preview_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE.docx", help=_("Word 文档"))
    parser.add_argument("-o", "--out-dir", type=Path, metavar="DIR", help=_("输出文件夹（默认在文档旁边）"))
    parser.add_argument("--force", action="store_true", help=_("覆盖已有的 PDF 和 PNG"))
    parser.add_argument("--dpi", type=int, default=96, help=_("PNG 的分辨率（默认 96）"))


def expand(paths: list[Path]) -> list[Path]:
    """Folders become the .docx files in them (and below), and a pattern the shell left alone (Windows'
    cmd does not expand 成稿\\*.docx) becomes the files it matches; Word's ~$ lock files are left out."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.docx") if not p.name.startswith(("~$", ".")))
            out += found or [path]
        elif not path.exists() and any(ch in str(path) for ch in "*?"):
            out += [Path(p) for p in sorted(glob.glob(str(path))) if not Path(p).name.startswith("~$")] or [path]
        else:
            out.append(path)
    return out


@command("check", N_("检查 .docx 的公文格式和措辞"), check_arguments, description=CHECK_HELP)
def check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from drafter.checker.run import check_file

    library = library_folders(args)

    entry = None
    if args.bureau:
        from drafter.checker.stylecache import named

        entry = named(library, args.bureau)  # by its id: read only if its style is not cached
        if entry is None:
            raise InputError([Problem(None, library.not_found(args.bureau))])
    reports = []
    with contextlib.ExitStack() as stack:
        converter = None
        if args.render:
            from drafter.pdf.convert import Converter

            converter = stack.enter_context(Converter())  # one LibreOffice for every file, started when first used
        for path in expand(args.files):
            report = check_file(path, entry, render=args.render, converter=converter)
            reports.append(report)
            if not args.json:
                _print(report)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    unreadable = sum(1 for r in reports if r.unreadable)
    if args.json:
        data = {
            "bureau": entry.id if entry else "base",
            "files": [
                {
                    "file": str(r.path),
                    "format": r.format,
                    "unreadable": r.unreadable,
                    "render": None if r.render is None else (r.render or "done"),
                    "errors": r.errors,
                    "warnings": r.warnings,
                    "findings": [f.as_json() for f in r.findings],
                }
                for r in reports
            ],
            "errors": errors,
            "warnings": warnings,
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif len(reports) > 1:
        total = _("共 {n} 个文件：错误 {e} 个，警告 {w} 个，打不开 {u} 个。")
        print(total.format(n=len(reports), e=errors, w=warnings, u=unreadable))
    if unreadable:
        return 2
    if errors or (args.strict and warnings):
        return 1
    return 0


def _print(report: Any) -> None:
    if report.unreadable:
        print(_("错误：{problem}").format(problem=report.unreadable), file=sys.stderr)
        return
    form = {
        "信函": _("信函格式"),
        "文件": _("文件格式"),
        "无版头": _("无版头"),
        "命令": _("命令格式"),
        "纪要": _("纪要格式"),
    }.get(report.format, report.format)
    print(_("{path}（{form}）").format(path=report.path, form=form))
    for item in report.findings:
        print("  " + item.line())
    if report.render:
        print("  " + _("未做排版检查：{why}").format(why=report.render))
    if not report.findings:
        print("  " + _("没有发现问题。"))
    else:
        print("  " + _("错误 {e} 个，警告 {w} 个。").format(e=report.errors, w=report.warnings))


@command("preview", N_("把 .docx 转成 PDF 和 PNG 供查看"), preview_arguments, description=PREVIEW_HELP)
def preview(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from drafter.checker.preview import make_preview
    from drafter.pdf.fonts import font_report, font_warning

    written = make_preview(args.file, args.out_dir, force=args.force, dpi=args.dpi)
    for path in written:
        print(_("已生成 {path}").format(path=path))
    warning = font_warning(font_report())
    if warning:
        print(_("提示：{text}").format(text=warning), file=sys.stderr)
    return 0
