"""`drafter new`: a 交办清单 in, one draft letter per item this bureau answers, and render refusing the placeholder."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from drafter.letter.load import bind_bureau, load
from drafter.letter.yamlio import in_tree, load_letter, load_tree
from drafter.library.search import Library
from drafter.vocab.parts import DRAFT_BODY
from drafter.worklist import sheet as sheets
from tests.test_english import chinese_left

HEADER = ["序号", "建议号", "标 题", "领衔代表", "联名代表", "主办单位", "协办单位", "会办单位", "交办日期",
          "办理时限\n（截止日期）", "备注"]  # fmt: skip
ASSIGNED = dt.datetime(2024, 3, 15)
ROWS = [  # Excel rows 3.. under the title row and the header
    [1, 101, "关于加快县域科创平台建设的建议", "张明华", "李红、王强，赵一 孙丽", "市科技局", None, None, ASSIGNED,
     None, ""],
    [2, 102, "关于完善青年人才\n公寓配套的建议", "陈立代表", None, "市人力社保局", "温州市科技局", None, ASSIGNED,
     dt.datetime(2024, 5, 31), ""],
    [3, 103, "关于加强农村道路养护的建议", "周兵", None, "市交通运输局", None, "温州市科学技术局、市财政局",
     "2024-03-15", None, ""],
    [4, 104, "关于推进河道综合治理的建议", "吴芳", "郑敏", "市水利局", "市生态环境局", None, "2024/3/15", None, ""],
    [5, "105", "关于支持科技型小微企业融资的建议", "何平", None, "市 科技局", "市金融办", None, "2024年3月15日",
     "2024年5月20日前", "急"],
]  # fmt: skip


def write_list(path: Path, rows: list[list[object]] = ROWS, header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    page = book.active
    page.title = "代表建议"
    page.append(["关于市十四届人大四次会议代表建议的交办清单"])
    page.append(header)
    for row in rows:
        page.append(row)
    page.append([])
    page.append(["注：请各承办单位按时办理。"])
    book.save(path)
    return path


@pytest.fixture
def listed(tmp_path):
    return write_list(tmp_path / "交办清单.xlsx")


def new(run, source: Path, out: Path, *more: str):
    return run(
        "new", "--from", source, "-o", out, "--bureau", "wenzhou-sti", "--session", "市十四届人大四次会议", *more
    )


def test_new_writes_a_draft_for_each_item_this_bureau_answers(run, listed, tmp_path):
    out = tmp_path / "drafts"
    code, stdout, err = new(run, listed, out)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "第101号建议.yaml",
        "第102号建议-协办意见.yaml",
        "第103号建议-会办意见.yaml",
        "第105号建议.yaml",
    ]
    assert "K列“备注”" in err  # a header it cannot place, with its column letter
    assert "第104号（市水利局）" in stdout  # not ours: counted and listed
    assert "不由本单位办理的 1 项" in stdout

    led = load_letter(out / "第101号建议.yaml")
    p = led.proposal
    assert p is not None
    assert (p.kind, p.session, p.number, p.title) == (
        "建议",
        "市十四届人大四次会议",
        "101",
        "关于加快县域科创平台建设的建议",
    )
    assert [x.name for x in p.proposers] == ["张明华", "李红", "王强", "赵一", "孙丽"]  # type: ignore[union-attr]
    assert {x.role for x in p.proposers} == {"代表"}  # type: ignore[union-attr]
    assert (p.assigned, p.due) == (dt.date(2024, 3, 15), None)
    assert led.reply.type == "答复" and led.reply.lead_unit is None and led.reply.bureau == "wenzhou-sti"
    assert led.reply.body == [DRAFT_BODY]

    assisted = load_letter(out / "第102号建议-协办意见.yaml")
    assert assisted.reply.type == "协办意见" and assisted.reply.lead_unit == "市人力社保局"
    assert assisted.proposal is not None
    assert assisted.proposal.title == "关于完善青年人才公寓配套的建议"  # the line break inside the cell joined
    assert [x.name for x in assisted.proposal.proposers] == ["陈立"]  # type: ignore[union-attr]
    assert assisted.proposal.due == dt.date(2024, 5, 31)

    co = load_letter(out / "第103号建议-会办意见.yaml")
    assert co.reply.type == "会办意见" and co.reply.lead_unit == "市交通运输局"

    written = load_letter(out / "第105号建议.yaml").proposal  # 市 科技局 with a space; dates as text
    assert written is not None and (written.assigned, written.due) == (dt.date(2024, 3, 15), dt.date(2024, 5, 20))

    head = (out / "第101号建议.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# ") and "交办清单.xlsx" in head and "第3行" in head and "代表建议" in head
    assert "2024-06-15" in (out / "第101号建议.yaml").read_text(encoding="utf-8")  # the three months, told


def test_drafts_load_back_as_the_same_letters(run, listed, tmp_path):
    """Each draft is a plain letter: the model reads it back, the bureau binds, only the placeholder is left."""
    from drafter.worklist import drafts, items

    out = tmp_path / "drafts"
    assert new(run, listed, out)[0] == 0
    library = Library()
    table = sheets.read(listed)
    plan = drafts.plan(table, items.read_items(table, "建议"), library.entry("wenzhou-sti"), "市十四届人大四次会议")
    assert len(plan.drafts) == 4
    for draft in plan.drafts:
        path = out / draft.file
        assert path.read_text(encoding="utf-8") == draft.text
        data = drafts.letter_data(draft.item, draft.type, draft.lead_unit, "wenzhou-sti", "市十四届人大四次会议")
        from drafter.letter.model import Letter

        assert load_letter(path) == Letter.model_validate(data)
        tree = load_tree(path, "")
        letter, _entry = bind_bureau(tree, in_tree(tree, path), library, stand_ins=True)
        assert letter == Letter.model_validate(data)


def test_render_refuses_the_placeholder_until_the_body_is_written(run, listed, tmp_path):
    out = tmp_path / "drafts"
    assert new(run, listed, out)[0] == 0
    draft = out / "第101号建议.yaml"
    text = draft.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == f"- {DRAFT_BODY}")
    docx = tmp_path / "答复.docx"
    code, _out, err = run("render", draft, "-o", docx)
    assert code == 2 and not docx.exists()
    assert f"第{line}行" in err and f"答复正文还没有写：第{line}行仍是“{DRAFT_BODY}”" in err
    assert "body（正文）" in err and "Traceback" not in err

    code, _out, err = run("--lang", "en", "render", draft, "-o", docx)
    assert code == 2 and f"line {line}" in err
    assert chinese_left(err, (str(draft),)) == [], err

    draft.write_text(text.replace(DRAFT_BODY, "近年来，我局围绕县域科创平台建设开展了多项工作。"), encoding="utf-8")
    code, _out, err = run("render", draft, "-o", docx)
    assert code == 0, err
    assert docx.stat().st_size > 0


def test_placeholder_anywhere_is_refused_where_it_stands(tmp_path):
    from tests.conftest import MINIMAL

    path = tmp_path / "a.yaml"
    path.write_text(
        MINIMAL.replace("  title: 关于支持龙港市申报试点县的建议", "  title: 【待填：标题】"), encoding="utf-8"
    )
    with pytest.raises(Exception) as refused:
        load(path, Library())
    assert "这一项还没有填：第5行仍是“【待填：标题】”" in str(refused.value)


def test_running_again_keeps_existing_drafts(run, listed, tmp_path):
    out = tmp_path / "drafts"
    assert new(run, listed, out)[0] == 0
    mine = out / "第101号建议.yaml"
    mine.write_text(mine.read_text(encoding="utf-8").replace(DRAFT_BODY, "已经写好的正文。"), encoding="utf-8")
    (out / "第103号建议-会办意见.yaml").unlink()
    code, stdout, err = new(run, listed, out)
    assert code == 0, err
    assert "已经写好的正文。" in mine.read_text(encoding="utf-8")  # never overwritten
    assert "已有 3 份草稿，没有覆盖" in stdout and "第101号建议.yaml" in stdout
    assert (out / "第103号建议-会办意见.yaml").exists()  # the missing one written again
    assert "写出 1 份草稿" in stdout


def _bad(run, tmp_path, rows, header=HEADER):
    source = write_list(tmp_path / "bad.xlsx", rows, header)
    out = tmp_path / "drafts"
    code, stdout, err = new(run, source, out)
    assert code == 2, stdout + err
    assert "Traceback" not in err and not out.exists()  # nothing written when the sheet has an error
    return err


def test_a_row_without_a_number_is_located(run, tmp_path):
    rows = [ROWS[0], [2, None, "关于某事的建议", "陈立", None, "市科技局", None, None, ASSIGNED, None, ""]]
    err = _bad(run, tmp_path, rows)
    assert "bad.xlsx 第4行：B列“建议号”：这一项没有编号" in err


def test_a_number_twice_names_both_rows(run, tmp_path):
    rows = [
        ROWS[0],
        ROWS[1],
        [3, "第101号", "关于另一件事的建议", "周兵", None, "市科技局", None, None, ASSIGNED, None],
    ]
    err = _bad(run, tmp_path, rows)
    assert "第5行：B列“建议号”：编号“第101号”在第3行已经有了" in err


def test_an_impossible_date_is_located(run, tmp_path):
    rows = [ROWS[0], [2, 102, "关于某事的建议", "陈立", None, "市科技局", None, None, "2024-02-30", None, ""]]
    err = _bad(run, tmp_path, rows)
    assert "第4行：I列“交办日期”：没有这一天：2024年2月30日" in err


def test_every_bad_row_is_reported_together_and_in_english(run, tmp_path):
    rows = [
        [1, None, "关于某事的建议", "陈立", None, "市科技局", None, None, ASSIGNED, None, ""],
        [2, 102, "关于某事的建议", "陈立", None, "市科技局", None, None, "2024-02-30", None, ""],
        [3, 102, "关于某事的建议", "陈立", None, "市科技局", None, None, ASSIGNED, "2024-13-01", ""],
    ]
    err = _bad(run, tmp_path, rows)
    located = [re.match(r"错误：(.+?) 第(\d+)行：(\S列)", line) for line in err.splitlines()]
    assert [(m.group(1), m.group(2), m.group(3)) for m in located if m] == [
        (str(tmp_path / "bad.xlsx"), "3", "B列"),
        (str(tmp_path / "bad.xlsx"), "4", "I列"),
        (str(tmp_path / "bad.xlsx"), "5", "J列"),
    ]
    source = tmp_path / "bad.xlsx"
    code, _out, err = run("--lang", "en", "new", "--from", source, "-o", tmp_path / "d", "--bureau", "wenzhou-sti")
    assert code == 2 and "\nError: " in err and "Note: " in err
    assert chinese_left(err, (str(source),)) == [], err


def test_a_sheet_without_a_header_is_refused(run, tmp_path):
    err = _bad(run, tmp_path, [["甲", "乙"]], header=["名称", "内容"])
    assert "没有找到表头" in err


def test_a_csv_from_chinese_excel_is_read(run, tmp_path):
    """Excel on Chinese Windows saves “CSV（逗号分隔）” in GB18030; UTF-8 with a BOM is read as well."""
    lines = [
        "关于市政协十二届三次会议提案的交办清单,,,,",
        "提案号,案由,提案人,主办单位,交办日期",
        "12,关于推动产学研深度融合的提案,民盟温州市委会,温州市科学技术局,2024-02-20",
        "13,关于优化营商环境的提案,林海、方静,市发展改革委,2024-02-20",
    ]
    for encoding in ("gb18030", "utf-8-sig"):
        source = tmp_path / f"{encoding}.csv"
        source.write_bytes("\r\n".join(lines).encode(encoding))
        out = tmp_path / encoding
        code, stdout, err = run("new", "--from", source, "-o", out, "--bureau", "温州市科学技术局")
        assert code == 0, err
        letter = load_letter(out / "第12号提案.yaml")
        assert letter.proposal is not None and letter.proposal.kind == "提案"  # from the header 提案号
        assert letter.proposal.proposers[0].organisation == "民盟温州市委会"  # type: ignore[union-attr]
        assert "第13号（市发展改革委）" in stdout


def test_a_two_row_header_and_roles_written_in_one_column(run, tmp_path):
    """承办单位 merged over 主办 | 协办; or one column that says 市科技局（协办）."""
    book = openpyxl.Workbook()
    page = book.active
    page.append(["编号", "题目", "提出人", "承办单位", None, "交办日期"])
    page.append([None, None, None, "主办", "协办", None])
    page.append(["7", "关于甲事的建议", "甲", "市科技局", None, ASSIGNED])
    page.append(["8", "关于乙事的建议", "乙", "市经信局", "市科技局", ASSIGNED])
    page.append(["9", "关于丙事的建议", "丙", "市住建局、市科技局（协办）", None, ASSIGNED])
    source = tmp_path / "two.xlsx"
    book.save(source)
    out = tmp_path / "d"
    code, _stdout, err = new(run, source, out, "--kind", "建议")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "第7号建议.yaml",
        "第8号建议-协办意见.yaml",
        "第9号建议-协办意见.yaml",
    ]
    assert load_letter(out / "第9号建议-协办意见.yaml").reply.lead_unit == "市住建局"


def test_kind_must_be_known(run, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["编号", "标题", "主办单位"])
    book.active.append(["1", "关于甲事", "市科技局"])
    source = tmp_path / "k.xlsx"
    book.save(source)
    code, _out, err = run("new", "--from", source, "-o", tmp_path / "d", "--bureau", "wenzhou-sti")
    assert code == 2 and "--kind" in err


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("建 议 号", "number"),
        ("提案号（必填）", "number"),
        ("领衔代表\n", "lead"),
        ("办理时限(天)", "due"),
        ("交办日期【年月日】", "assigned"),
        ("协办单位", "协办"),
        ("会办\n单位", "会办"),
        ("备注", None),
    ],
)
def test_headers_are_placed_as_lists_write_them(header, field):
    assert sheets.place(header) == field


def test_the_example_list_makes_drafts(run, tmp_path):
    from tests.conftest import EXAMPLES

    code, stdout, err = new(run, EXAMPLES / "worklist-2024.xlsx", tmp_path / "d")
    assert code == 0, err
    assert "本单位办理" in stdout and list((tmp_path / "d").glob("*.yaml"))


def test_the_wizard_shows_the_placeholder_and_still_previews(run, listed, tmp_path):
    from drafter.wizard.draft import Draft

    out = tmp_path / "drafts"
    assert new(run, listed, out)[0] == 0
    draft = Draft.open(out / "第101号建议.yaml", Library())
    checked = draft.check()
    assert [p.field for p in checked.problems] == [("reply", "body", 0)]
    letter, _entry, _problems = draft.preview_letter(checked)
    assert letter is not None


def test_help_is_english(capsys):
    from tests.test_english import _help

    text = _help(capsys, "new")
    assert "--from" in text and chinese_left(text) == [], text


@pytest.mark.parametrize(
    "text",
    ["关于“科创：走廊”的建议", "key: value", "关于 #1 的建议", "- 列表", "[甲]", "null", "'单引号'", '"双引号"',
     "反斜杠\\n", "393", "2024-03-15", "a,b", "！感叹", "&锚", "*别名", "关于A&B的建议", "％百分"],
)  # fmt: skip
def test_the_draft_yaml_reads_back_every_text_as_written(text):
    """The drafts' own small emitter: any one-line text a cell may hold comes back unchanged."""
    from drafter.letter.yamlio import parse
    from drafter.worklist.drafts import as_yaml

    data = {
        "proposal": {"number": text, "title": text, "proposers": [text, "张三"], "assigned": dt.date(2024, 3, 15)},
        "reply": {"bureau": "wenzhou-sti", "lead_unit": text, "body": [text, {"organisation": text}]},
    }
    back = parse(as_yaml(data, ["注释：" + text]), None)
    assert back["proposal"]["number"] == back["proposal"]["title"] == back["reply"]["lead_unit"] == text
    assert back["proposal"]["proposers"] == [text, "张三"] and back["proposal"]["assigned"] == "2024-03-15"
    assert back["reply"]["body"] == [text, {"organisation": text}]


def test_dates_as_a_csv_from_excel_may_write_them(run, tmp_path):
    source = tmp_path / "d.csv"
    rows = [
        "建议号,标题,主办单位,交办日期,办理时限",
        "1,关于甲事的建议,市科技局,2024-03-15 00:00:00,三个月",
        "2,关于乙事的建议,市科技局,2024.3.15,2024/5/1",
    ]
    source.write_text("\n".join(rows), encoding="utf-8")
    code, _out, err = new(run, source, tmp_path / "d")
    assert code == 0, err
    first, second = (load_letter(tmp_path / "d" / f"第{n}号建议.yaml").proposal for n in (1, 2))
    assert first is not None and (first.assigned, first.due) == (dt.date(2024, 3, 15), dt.date(2024, 6, 15))
    assert second is not None and (second.assigned, second.due) == (dt.date(2024, 3, 15), dt.date(2024, 5, 1))


def test_a_damaged_or_old_workbook_is_named(run, tmp_path):
    import zipfile

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    half = write_list(tmp_path / "half.xlsx")  # a sheet's XML cut short inside a good package
    with zipfile.ZipFile(half) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:900]
    with zipfile.ZipFile(half, "w") as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    for source, words in ((broken, "已经损坏"), (old, ".xls"), (half, "已经损坏")):
        code, _out, err = new(run, source, tmp_path / "d")
        assert code == 2 and words in err and "内部错误" not in err, err
    assert not (tmp_path / "d").exists()


def test_the_bureau_may_be_named_by_an_alias(run, listed, tmp_path):
    """--bureau 市科技局: the name the 交办清单 itself uses, one of the bureau's aliases."""
    out = tmp_path / "drafts"
    code, _out, err = run("new", "--from", listed, "-o", out, "--bureau", "温州市科技局")
    assert code == 0, err
    by_id = tmp_path / "by-id"
    assert new(run, listed, by_id)[0] == 0
    assert sorted(p.name for p in out.glob("*.yaml")) == sorted(p.name for p in by_id.glob("*.yaml"))
    assert "bureau: wenzhou-sti" in (out / "第101号建议.yaml").read_text(encoding="utf-8")
    code, _out, err = run("new", "--from", listed, "-o", tmp_path / "none", "--bureau", "市不存在局")
    assert code == 2 and "--bureau" in err


def test_cells_merged_down_hold_for_every_item_they_cover(run, tmp_path):
    """主办单位 and 交办日期 merged over three items: each item is ours and dated, none dropped as not ours."""
    book = openpyxl.Workbook()
    page = book.active
    page.append(["建议号", "标题", "领衔代表", "主办单位", "交办日期"])
    page.append([11, "关于甲的建议", "张一", "市科技局", dt.datetime(2024, 3, 15)])
    page.append([12, "关于乙的建议", "张二", None, None])
    page.append([13, "关于丙的建议", "张三", None, None])
    page.append([14, "关于丁的建议", "张四", "市住建局", dt.datetime(2024, 3, 16)])
    page.merge_cells("D2:D4")
    page.merge_cells("E2:E4")
    listed = tmp_path / "merged.xlsx"
    book.save(listed)
    out = tmp_path / "drafts"
    assert new(run, listed, out, "--kind", "建议")[0] == 0
    assert sorted(p.name for p in out.glob("*.yaml")) == ["第11号建议.yaml", "第12号建议.yaml", "第13号建议.yaml"]
    assert "assigned: 2024-03-15" in (out / "第13号建议.yaml").read_text(encoding="utf-8")


def test_a_group_heading_with_its_count_is_passed_over(run, tmp_path):
    """一、经济类（12件） in the number column, nothing else on the row: a heading, not an item without a title."""
    lines = [
        "提案号,案由,提案人,主办单位,交办日期",
        "一、经济类（12件）,,,,",
        "12,关于推动产学研深度融合的提案,林海,温州市科学技术局,2024-02-20",
        "二、社会类(3项),,,,",
        "13,关于加强科普阵地建设的提案,方静,温州市科学技术局,2024-02-20",
    ]
    source = tmp_path / "grouped.csv"
    source.write_text("\n".join(lines), encoding="utf-8")
    code, _out, err = run("new", "--from", source, "-o", tmp_path / "d", "--bureau", "wenzhou-sti")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "d").glob("*.yaml")) == ["第12号提案.yaml", "第13号提案.yaml"]


def test_two_items_with_one_draft_name_are_refused(run, tmp_path):
    """A/1 and A:1 both make 第A_1号建议.yaml: the second is named with both rows, nothing written."""
    lines = ["建议号,标题,领衔代表,主办单位", "A/1,关于甲的建议,张一,市科技局", "A:1,关于乙的建议,张二,市科技局"]
    source = tmp_path / "dup.csv"
    source.write_text("\n".join(lines), encoding="utf-8")
    code, _out, err = run("new", "--from", source, "-o", tmp_path / "d", "--bureau", "wenzhou-sti", "--kind", "建议")
    assert code == 2 and "第3行" in err and "与第2行的草稿同名" in err, err
    assert not list((tmp_path / "d").glob("*.yaml"))  # nothing written (the folder may not even exist)
