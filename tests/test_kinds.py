"""The kinds of reply and the marks, read from the produced .docx: text, style and position of each part."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_LIBRARY, EXAMPLES, MINIMAL, W, attr, paragraph_texts, part, styles_by_id


def _render(run, source: Path, out: Path, *extra: str) -> Path:
    code, _, err = run("render", source, "-o", out, "--library", EXAMPLE_LIBRARY, *extra)
    assert code == 0, err
    return out


def _paragraphs(docx: Path) -> list[tuple[str, str, list[tuple[str, str | None]]]]:
    """(style, text, [(run text, run style)]) for each body paragraph outside tables, in order."""
    body = part(docx, "word/document.xml").find(f"{W}body")
    out = []
    for p in body.findall(f"{W}p"):
        style = attr(p.find(f"{W}pPr/{W}pStyle"), "val")
        runs = []
        for r in p.findall(f"{W}r"):
            text = "".join(t.text or "" for t in r.findall(f"{W}t"))
            runs.append((text, attr(r.find(f"{W}rPr/{W}rStyle"), "val")))
        out.append((style, "".join(t for t, _ in runs), runs))
    return out


def _index(paras, style: str, text: str | None = None) -> int:
    return next(i for i, (s, t, _) in enumerate(paras) if s == style and (text is None or t == text))


def test_co_opinion_addressed_to_lead_unit(run, tmp_path):
    out = _render(run, EXAMPLES / "wenzhou-sti-co-opinion-58.yaml", tmp_path / "co.docx")
    paras = _paragraphs(out)
    texts = [t for _, t, _ in paras]
    # its own number series: the serial alone took 温科提函 (会办) and the year of the date
    assert ("GwDocNumber", "温科提函〔2024〕58号") in [(s, t) for s, t, _ in paras]
    assert paras[_index(paras, "GwSalutation")][1] == "市发展改革委："
    assert "关于市十四届人大四次会议第127号建议的\n会办意见" in paragraph_texts(out)
    closing = paras[_index(paras, "GwClosing")][1]
    assert closing == "以上意见供你单位统一答复代表时参考。"
    assert texts[_index(paras, "GwBody")].startswith("陈立新等3位代表提出的《关于加快瓯江口新区科创平台建设的建议》")
    # a 会办意见 goes to the lead unit only: no 抄送 from the bureau's defaults
    assert "抄送" not in "".join(paragraph_texts(out))


def test_marks_top_left_and_disclosure_note(run, tmp_path):
    out = _render(run, EXAMPLES / "wenzhou-sti-suggestion-marks.yaml", tmp_path / "m.docx")
    paras = _paragraphs(out)
    number = _index(paras, "GwDocNumber")
    # result class and 签发人 stand top-left, under the letterhead and before the 发文字号
    assert [(s, t) for s, t, _ in paras[1:number]] == [("GwMark", "A"), ("GwMark", "签发人：郑建华")]
    assert paras[number - 1][2] == [("签发人：", None), ("郑建华", "GwIssuerName")]
    styles = styles_by_id(out)
    assert attr(styles["GwMark"].find(f"{W}pPr/{W}jc"), "val") == "left"
    kai = styles["GwIssuerName"].find(f"{W}rPr/{W}rFonts")
    assert attr(kai, "eastAsia") == "楷体_GB2312"
    # 公开属性 as the 附注: the line after the date, 2 characters in (§7.3.6)
    date = _index(paras, "GwDate")
    assert paras[date + 1][:2] == ("GwNote", "（此件公开发布）")
    assert attr(styles["GwNote"].find(f"{W}pPr/{W}ind"), "firstLine") == "640"


def test_feedback_form_beside_the_reply(run, tmp_path):
    out = _render(run, EXAMPLES / "wenzhou-sti-suggestion-marks.yaml", tmp_path / "m.docx")
    form = tmp_path / "m-征询意见表.docx"
    assert form.exists()
    lines = paragraph_texts(form)
    assert lines[0] == "市十四届人大四次会议\n代表建议办理情况征询意见表"
    rows = [line for line in lines if " | " in line]
    assert rows[:5] == [
        "建议编号 | 第215号",
        "建议标题 | 关于支持企业研发机构建设的建议",
        "领衔人 | 王珂、高晨星两位代表",
        "承办单位 | 温州市科学技术局",
        "答复文号 | 温科提复〔2024〕102号",
    ]
    assert "对办理工作的评价 | □满意　　□基本满意　　□不满意" in rows
    assert "代表签名 | " in rows
    # the answer box is tall enough to write in: at least four lines
    heights = [int(attr(h, "val")) for h in part(form, "word/document.xml").iter(f"{W}trHeight")]
    assert heights and max(heights) >= 4 * 579
    assert out.exists()


def test_result_class_right_of_title_and_issuer_on_number_line(run, tmp_path):
    out = _render(run, EXAMPLES / "lucheng-edu-proposal-marks.yaml", tmp_path / "l.docx")
    paras = _paragraphs(out)
    title = _index(paras, "GwTitle")
    assert paras[title - 1][:2] == ("GwMarkRight", "办理结果：正在解决")
    assert attr(styles_by_id(out)["GwMarkRight"].find(f"{W}pPr/{W}jc"), "val") == "right"
    number = paras[_index(paras, "GwDocNumber")]
    assert number[1] == "鹿教提复〔2024〕9号　签发人：陈晓东"
    assert number[2][-1] == ("陈晓东", "GwIssuerName")
    assert paras[_index(paras, "GwSalutation")][1] == "民盟鹿城区基层委员会："
    notes = [t for s, t, _ in paras if s == "GwNote"]
    assert notes == ["（联系人：周敏，联系电话：88290135）", "（此件依申请公开）"]


def test_result_class_after_doc_number(run, tmp_path, letter_file):
    lib = tmp_path / "lib" / "demo"
    lib.mkdir(parents=True)
    (lib / "bureau.yaml").write_text(
        "name: 某某市某某局\nseries: {答复: 某提复}\nmarks:\n  result_class:\n    position: after_doc_number\n"
        "    labels: {A: A类, B: B类}\n",
        encoding="utf-8",
    )
    text = MINIMAL.replace("bureau: wenzhou-sti", "bureau: demo").replace("温科提复〔2024〕95号", "7")
    source = letter_file(text + "  result_class: B\n")
    code, _, err = run("render", source, "-o", tmp_path / "a.docx", "--library", tmp_path / "lib")
    assert code == 0, err
    paras = _paragraphs(tmp_path / "a.docx")
    assert paras[_index(paras, "GwDocNumber")][1] == "某提复〔2024〕7号B类"
    assert not [t for s, t, _ in paras if s in ("GwMark", "GwMarkRight")]
    # a value outside the bureau's vocabulary is the clerk's error, located in the letter
    code, _, err = run("render", letter_file(text + "  result_class: D\n"), "--text", "--library", tmp_path / "lib")
    assert code == 2
    assert "第13行" in err and "办理结果类别只能是 A、B" in err


def test_list_reply_table(run, tmp_path):
    out = _render(run, EXAMPLES / "zhejiang-sti-suggestion-wen138.yaml", tmp_path / "z.docx")
    doc = part(out, "word/document.xml")
    tables = list(doc.iter(f"{W}tbl"))
    assert len(tables) == 1
    rows = tables[0].findall(f"{W}tr")
    assert len(rows) == 4
    head = rows[0]
    assert head.find(f"{W}trPr/{W}tblHeader") is not None  # the head repeats on each page
    assert ["".join(t.text for t in tc.iter(f"{W}t")) for tc in head.findall(f"{W}tc")] == [
        "序号",
        "具体诉求",
        "答复内容",
    ]
    assert [attr(p.find(f"{W}pPr/{W}pStyle"), "val") for p in head.iter(f"{W}p")] == ["GwTableHead"] * 3
    numbers = ["".join(t.text for t in row.find(f"{W}tc").iter(f"{W}t")) for row in rows[1:]]
    assert numbers == ["1", "2", "3"]
    widths = [int(attr(c, "w")) for c in tables[0].iter(f"{W}gridCol")]
    assert sum(widths) == 8845 and widths[0] < widths[1] < widths[2]  # full text width; the answer widest


def test_attachment_note_and_pages(run, tmp_path):
    out = _render(run, EXAMPLES / "zhejiang-sti-suggestion-wen138.yaml", tmp_path / "z.docx")
    paras = _paragraphs(out)
    note = _index(paras, "GwAttachmentNote")
    assert paras[note][1] == "附件：浙江省科学技术厅2023年工作总结和2024年工作思路"
    assert note < _index(paras, "GwSigner") < _index(paras, "GwAttachmentLabel")
    label = _index(paras, "GwAttachmentLabel")
    assert paras[label][1] == "附件"
    styles = styles_by_id(out)
    assert styles["GwAttachmentLabel"].find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert attr(styles["GwAttachmentLabel"].find(f"{W}rPr/{W}rFonts"), "eastAsia") == "黑体"
    # the title on line 3 of the attachment page, then its own numbered sections
    assert [s for s, _, _ in paras[label + 1 : label + 3]] == ["GwBlank", "GwTitle"]
    headings = [t for s, t, _ in paras[label:] if s == "GwHeading1"]
    assert headings == ["一、2023年工作总结", "二、2024年工作思路"]
    # the contact block at the very end, after the attachment
    assert [t for _, t, _ in paras[-2:]] == ["联系单位及联系人：省科技厅法规处 蔡建军", "联系电话：0571-87055403"]


def test_several_attachments_are_numbered(run, tmp_path, letter_file):
    extra = (
        "  attachments:\n    - title: 甲表\n      body: [表一正文。]\n    - title: 乙方案\n      body:\n"
        "        - heading: 总体要求\n          text: 正文。\n"
    )
    out = tmp_path / "a.docx"
    code, _, err = run("render", letter_file(MINIMAL + extra), "-o", out)
    assert code == 0, err
    paras = _paragraphs(out)
    assert [(s, t) for s, t, _ in paras if s.startswith("GwAttachmentNote")] == [
        ("GwAttachmentNote", "附件：1.甲表"),
        ("GwAttachmentNoteMore", "2.乙方案"),
    ]
    assert [t for s, t, _ in paras if s == "GwAttachmentLabel"] == ["附件1", "附件2"]


def test_report_to_the_standing_committee(run, tmp_path, letter_file):
    out = _render(run, EXAMPLES / "dongtou-review-report.yaml", tmp_path / "r.docx")
    paras = _paragraphs(out)
    assert paras[0][:2] == ("GwTitle", "关于科技创新工作审议意见落实情况的报告")
    assert not [s for s, _, _ in paras if s in ("GwLetterhead", "GwDocNumber", "GwSigner", "GwDate")]
    assert [t for s, t, _ in paras if s == "GwHeading1"] == ["一、工作落实情况", "二、存在问题不足", "三、下步工作措施"]
    # with a meeting the date goes into the dateline under the title; defaults fill the rest
    report = (
        "reply:\n  bureau: dongtou-gov\n  type: 报告\n  subject: 科技创新工作\n"
        "  meeting: 洞头区第十届人民代表大会常务委员会第十七次会议\n  date: 2024-05-28\n  body: [正文。]\n"
    )
    code, text, err = run("render", letter_file(report), "--text")
    assert code == 0, err
    lines = [line for line in text.splitlines() if line]
    assert lines[:3] == [
        "关于科技创新工作审议意见落实情况的报告",
        "（2024年5月28日在洞头区第十届人民代表大会常务委员会第十七次会议上）",
        "主任、各位副主任、秘书长、各位委员：",
    ]
    assert lines[-1] == "以上报告，请予审议。"


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        (("bureau: wenzhou-sti", "bureau: wenzhou-st"), "模板库里没有承办单位“wenzhou-st”。是不是想写“wenzhou-sti”？"),
        (("  date: 2024-06-26\n", "  date: 2024-06-26\n  type: 会办意见\n"), "请在 lead_unit 写主办单位的名称"),
        (("  date: 2024-06-26\n", "  date: 2024-06-26\n  type: 清单式\n"), "清单式答复的正文里要有一张表"),
        (("  date: 2024-06-26\n", "  date: 2024-06-26\n  printer: 办公室\n"), "信函格式的版记只印抄送"),
    ],
)
def test_kind_mistakes_are_located(run, letter_file, change, expect):
    code, _, err = run("render", letter_file(MINIMAL.replace(*change)), "--text")
    assert code == 2 and expect in err and "第" in err and "Traceback" not in err


def test_report_needs_no_proposal_but_a_reply_does(run, letter_file):
    no_proposal = MINIMAL[MINIMAL.index("reply:") :]
    code, _, err = run("render", letter_file(no_proposal), "--text")
    assert code == 2 and "标题要用到会议届次（proposal.session）" in err
    assert err.index("标题要用到") < err.index("称呼要用到") < err.index("开头语要用到") < err.index("结束语要用到")


def test_table_rows_must_match_columns(run, letter_file):
    table = "    - table:\n        rows:\n          - [诉求一, 答复一]\n          - [只有一格]\n"
    text = MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", table)
    code, _, err = run("render", letter_file(text), "--text")
    assert code == 2 and "这一行有 1 格，表头有 2 列" in err and "第14行第13列" in err


def test_document_format_marks_keep_the_letterhead_in_place(run, tmp_path, letter_file):
    """文件格式: marks stand above the 发文机关标志 and take their lines out of its 35 mm gap (§7.2)."""
    extra = "  format: 文件\n  result_class: B\n  issuer: 郑建华\n"
    out = tmp_path / "w.docx"
    code, _, err = run("render", letter_file(MINIMAL + extra), "-o", out)
    assert code == 0, err
    paras = _paragraphs(out)
    assert [(s, t) for s, t, _ in paras[:3]] == [
        ("GwMark", "B"),
        ("GwMark", "签发人：郑建华"),
        ("GwLetterhead", "温州市科学技术局文件"),
    ]
    body = part(out, "word/document.xml").find(f"{W}body")
    spacing = body.findall(f"{W}p")[2].find(f"{W}pPr/{W}spacing")
    styles = styles_by_id(out)
    gap = int(attr(styles["GwLetterhead"].find(f"{W}pPr/{W}spacing"), "before"))
    assert int(attr(spacing, "before")) == gap - 2 * 579


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        ("  type: 报告\n  subject: 工作\n", "报告不印这一项"),  # MINIMAL has a 发文字号
        ("  subject: 工作\n", "这一项只用于报告"),
        ("  lead_unit: 某某街道\n", "主办单位（lead_unit）只用于会办意见"),
    ],
)
def test_fields_that_would_not_print_are_refused(run, letter_file, extra, expect):
    code, _, err = run("render", letter_file(MINIMAL + extra), "--text")
    assert code == 2 and expect in err and "第" in err


def test_mark_needing_a_doc_number(run, tmp_path, letter_file):
    lib = tmp_path / "lib" / "demo"
    lib.mkdir(parents=True)
    (lib / "bureau.yaml").write_text("name: 某局\nmarks:\n  issuer: {position: doc_number_line}\n", encoding="utf-8")
    text = MINIMAL.replace("bureau: wenzhou-sti", "bureau: demo").replace("  doc_number: 温科提复〔2024〕95号\n", "")
    code, _, err = run("render", letter_file(text + "  issuer: 李四\n"), "--text", "--library", tmp_path / "lib")
    assert code == 2 and "把签发人印在发文字号同一行，这封答复却没有发文字号" in err


def test_year_out_of_range_is_the_clerks_error(run, letter_file):
    text = MINIMAL.replace("温科提复〔2024〕95号", "5").replace("date: 2024-06-26", "date: 2200-06-26")
    code, _, err = run("render", letter_file(text), "--text")
    assert code == 2 and "年份 2200 不对" in err and "内部错误" not in err


def test_list_reply_table_may_sit_in_a_section(run, letter_file):
    table = "    - heading: 办理情况\n      sections:\n        - table:\n            rows: [[诉求一, 答复一]]\n"
    text = MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", table) + "  type: 清单式\n"
    code, out, err = run("render", letter_file(text), "--text")
    assert code == 0, err
    assert "1 | 诉求一 | 答复一" in out
