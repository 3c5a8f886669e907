"""drafter import: the seed letters come back as letter files that render to the same text, keep every
character of the letter, and hold the fields a clerk would write; the other common shapes are recognised."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.letter.layout import label
from drafter.letter.load import Loaded, load
from drafter.letter.model import DEFAULT_COLUMNS, Section, TableNode
from drafter.letter.render import render
from drafter.letter.resolve import complete, date_text
from drafter.letter.yamlio import parse
from drafter.library.search import Library
from drafter.vocab.numerals import cardinal
from drafter.vocab.parts import CC_LABEL

from .conftest import EXAMPLE_LIBRARY, EXAMPLES, SEEDS, SHARED

SEEDCHECK = SHARED / "tools" / "seedcheck.py"
SEED_FILES = {p.name[:3]: p for p in (SHARED / "seeds").glob("*.txt")}


def _seedcheck() -> Any:
    spec = importlib.util.spec_from_file_location("seedcheck", SEEDCHECK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SC = _seedcheck() if SEEDCHECK.exists() else None
needs_seeds = pytest.mark.skipif(
    not SEEDCHECK.exists(), reason=f"{SHARED} (seeds, seedcheck.py) is not beside this checkout"
)


def imported(run, source: Path, out: Path, *extra: str) -> CommentedMap:
    code, _, err = run("import", source, "-o", out, *extra)
    assert code == 0, err
    return parse(out.read_text(encoding="utf-8"), out)


def rendered_docx(loaded: Loaded, out: Path) -> Path:
    with out.open("wb") as handle:
        render(loaded.letter, loaded.entry).write_docx(handle)
    return out


def seedcheck(seed: str, docx: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SEEDCHECK), seed, str(docx)], capture_output=True, text=True)


def at(tree: Any, path: str) -> Any:
    for part in path.split("."):
        tree = tree[int(part)] if part.isdigit() else tree[part]
    return tree


# ---------------------------------------------------------------- the five seeds


@needs_seeds
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_imports_and_renders_to_the_same_text(seed, run, tmp_path):
    """import → drafter.letter.load.load → render → seedcheck OK."""
    out = tmp_path / f"{seed}.yaml"
    imported(run, SEED_FILES[seed], out)
    docx = rendered_docx(load(out, Library()), tmp_path / f"{seed}.docx")
    check = seedcheck(seed, docx)
    assert check.returncode == 0, check.stdout


def _levels(nodes: list[Any], level: int = 1) -> list[int]:
    """The heading levels in a body, depth first (a heading without level: is one under its parent)."""
    found = []
    for node in nodes:
        if isinstance(node, dict) and "heading" in node:
            own = int(node.get("level", level))
            found.append(own)
            found += _levels(node.get("sections", []), own + 1)
    return found


EXPECTED: dict[str, dict[str, Any]] = {
    "000": {
        "proposal.kind": "建议",
        "proposal.session": "市十四届人大四次会议",
        "proposal.number": "393",
        "proposal.title": "关于支持龙港市参照山区26县申报浙江省科技特派团试点县的建议",
        "proposal.proposers": ["黄钦鑫"],
        "reply.bureau": "wenzhou-sti",
        "reply.doc_number": "温科提复〔2024〕95号",
        "reply.title": "关于市十四届人大四次会议393号建议的答复函",  # not the generated 第393号: kept as written
        "reply.closing": "最后，感谢您对科技创新工作的支持。",
        "reply.contact": ["联系人：项秋霞，联系电话：88962072。"],
        "reply.contact_position": "before_signature",
        "reply.signer": "",  # sealed, not signed
        "reply.date": "2024-06-26",
        "reply.cc": [],
        "levels": [2, 2, 2, 2],
        "body.0": "近年来，",
    },
    "001": {
        "proposal.kind": "提案",
        "proposal.session": "市政协十二届二次会议",
        "proposal.number": "494",
        "proposal.proposers": ["项奕豪"],
        "reply.bureau": "wenzhou-sti",
        "reply.format": "文件",
        "reply.doc_number": "温科提复〔2023〕98号",
        "reply.contact": ["联系人：刘焕斌 联系电话：88962078，13750908558"],
        "reply.signer": "温州市科学技术局",
        "reply.date": "2023-06-28",
        "reply.cc": "市府办，市政协提案委",
        "reply.printer": "温州市科学技术局办公室",
        "reply.print_date": "2023-06-28",
        "levels": [1, 1, 1, 1],
        "reply.body.0.items.0.lead": "坚定支持关键核心技术攻关。",
        "reply.body.0.items.0.text": "2022年围绕",  # the paragraph the page break cut off follows its lead
        "reply.body.3.items.3.text": "要素保障等7大行动19条举措",  # 创新\n\n引领: joined across the page break
    },
    "002": {
        "proposal.session": "省十四届人大二次会议",
        "proposal.number": "温138",
        "proposal.title": "关于支持龙港市青龙湖科技城创建省级创新联合体和招引顶尖科创团队的建议",
        "proposal.proposers": ["梁孝克"],
        "reply.bureau": "zhejiang-sti",
        "reply.type": "清单式",
        "reply.doc_number": "浙科提〔2024〕297号",
        "reply.body.0.table.rows.2.0": "在科技创新项目申报上予以支持",
        "reply.attachments.0.title": "浙江省科学技术厅\n2023年工作总结和2024年工作思路\n",
        "reply.contact": ["联系单位及联系人： 省科技厅法规处 蔡建军", "联系电话：0571-87055403"],
        "reply.contact_position": "end",
        "reply.signer": "浙江省科学技术厅",
        "reply.date": "2024-07-10",
    },
    "003": {
        "reply.bureau": "dongtou-gov",  # found through 我代表区人民政府 and 洞头区 in the text, with a warning
        "reply.type": "报告",
        "reply.subject": "科技创新工作",
        "reply.salutation": "主任、各位副主任，各位委员：",
        "levels": [1, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2],
        "reply.body.2.heading": "下步工作措施",  # its lost 三、 is the renderer's again
        "reply.closing": "最后，感谢区人大常委会对科技创新工作的关注和支持，"
        "希望你们一如既往地监督和支持政府工作，多提宝贵的意见和建议。",
    },
    "004": {
        "proposal.session": "市人大八届一次会议",
        "proposal.number": "武35",
        "proposal.title": "关于加强山区县科技创新工作扶持力度的建议",
        "proposal.proposers": ["徐世群"],
        "reply.bureau": "jinhua-sti",
        "reply.body.0.items.1.lead": "在科技高层次人才引留方面。",
        "reply.closing": "",
        "reply.contact": ["（联系人：马苏娟，联系电话：82270195）"],
        "reply.signer": "金华市科学技术局",
        "reply.date": "2023-07-06",
    },
}


@needs_seeds
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_fields_are_those_a_clerk_would_write(seed, run, tmp_path):
    tree = imported(run, SEED_FILES[seed], tmp_path / f"{seed}.yaml")
    for path, want in EXPECTED[seed].items():
        if path == "levels":
            assert _levels(tree["reply"]["body"]) == want
        elif path == "body.0":
            assert str(tree["reply"]["body"][0]).startswith(want)
        elif path.endswith(".text") and isinstance(want, str) and not want.endswith("\n"):
            assert want in str(at(tree, path)), path
        else:
            got = at(tree, path)
            assert (list(got) if isinstance(got, CommentedSeq) else got) == want, path


@needs_seeds
def test_seed_000_reads_like_the_clerks_example(run, tmp_path):
    """The hand-written example of seed 000 and the import agree on everything the clerk wrote."""
    tree = imported(run, SEED_FILES["000"], tmp_path / "000.yaml")
    example = parse((EXAMPLES / f"{SEEDS['000']}.yaml").read_text(encoding="utf-8"), None)
    assert dict(tree["proposal"]) == dict(example["proposal"])
    for key in ("doc_number", "title", "opening", "closing", "contact", "signer", "date", "cc"):
        assert tree["reply"][key] == example["reply"][key], key
    assert [dict(s) if isinstance(s, dict) else s for s in tree["reply"]["body"]] == [
        dict(s) if isinstance(s, dict) else s for s in example["reply"]["body"]
    ]


@needs_seeds
def test_numberless_heading_and_guessed_bureau_are_reported(run, tmp_path):
    code, out, err = run("import", SEED_FILES["003"], "-o", tmp_path / "003.yaml")
    assert code == 0 and "（2 处提示）" in out
    assert "第22行：标题“下步工作措施”前没有编号，按一级标题“三、”导入" in err
    assert "按正文推断为 dongtou-gov" in err
    assert "# 提示：第22行：标题“下步工作措施”前没有编号" in (tmp_path / "003.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- nothing lost


def _strings(node: Any, key: str = "") -> list[str]:
    """Every text value in the imported file; ids and choices from a fixed list are not the letter's text."""
    if key in ("bureau", "kind", "type", "format", "contact_position", "date_style"):
        return []
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v, key)]
    return [node] if isinstance(node, str) else []


def _labels(nodes: list[Any]) -> list[str]:
    """The numbering the renderer puts back: 一、 （一） 1. （1）, 一是 …, and a table's 序号 column."""
    out, counts = [], dict.fromkeys(range(1, 5), 0)
    for node in nodes:
        if isinstance(node, TableNode):
            spec = node.table
            if spec.numbered:
                out += ["序号", *(str(n) for n in range(1, len(spec.rows) + 1))]
            if spec.columns == DEFAULT_COLUMNS:
                out += spec.columns
        elif isinstance(node, Section):
            if node.heading is not None and node.level:
                counts[node.level] += 1
                counts.update({deeper: 0 for deeper in range(node.level + 1, 5)})
                out.append(label(node.level, counts[node.level]))
            out += [f"{cardinal(n)}是" for n in range(1, len(node.items) + 1)]
            out += _labels(node.sections)
    return out


def regenerated(tree: CommentedMap, loaded: Loaded) -> str:
    """What the renderer prints from the file's structure rather than its text: numbering, dates, the
    labels of marks, 附件 and 版记 lines, and the title, salutation and letterhead it is left to derive."""
    reply, done = tree["reply"], complete(loaded.letter, loaded.entry)
    out = _labels(loaded.letter.reply.body)
    for attachment in loaded.letter.reply.attachments:
        out += _labels(attachment.body)
    out += [a.label for a in done.attachments] + ["附件：", "".join(f"{n}." for n in range(1, len(done.attachments)))]
    out += [a.title for a in done.attachments]  # the 附件说明 repeats each title
    out += [done.date or ""]
    if loaded.letter.reply.print_date:
        out.append(date_text(loaded.letter.reply.print_date) + "印发")
    for name in ("title", "salutation", "letterhead"):
        if name not in reply:
            out.append(getattr(done, name) or "")
    for mark in (done.result_class, done.issuer, done.disclosure):
        out.append(mark.text if mark else "")
    cc = loaded.letter.reply.cc
    if isinstance(cc, list) and cc:
        out.append("抄送：" + "，" * (len(cc) - 1) + "。")
    elif isinstance(cc, str):
        out += ["抄送：" for line in cc.split("\n") if not CC_LABEL.match(line)]
    return "".join(out)


def lost(seed: str, tree: CommentedMap, loaded: Loaded) -> Counter[str]:
    """Characters of the seed's letter (seedcheck's reading: furniture dropped, NFKC, no spaces) that are
    neither in the file's text values nor among what the renderer regenerates."""
    letter = Counter("".join(SC.seed_lines(seed)))
    kept = Counter(SC.normalise("".join(_strings(tree))))
    derived = Counter(SC.normalise(regenerated(tree, loaded)))
    return letter - kept - derived


@needs_seeds
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_character_of_the_seed_is_in_the_file(seed, run, tmp_path):
    out = tmp_path / f"{seed}.yaml"
    tree = imported(run, SEED_FILES[seed], out)
    assert lost(seed, tree, load(out, Library())) == Counter()


@needs_seeds
def test_the_character_check_sees_a_dropped_paragraph_or_contact(run, tmp_path):
    out = tmp_path / "000.yaml"
    tree = imported(run, SEED_FILES["000"], out)
    loaded = load(out, Library())
    dropped = tree["reply"]["body"].pop(1)
    # most of it: the file holds a few characters twice (the proposal's title also stands in the opening)
    assert sum(lost("000", tree, loaded).values()) > len(dropped) * 3 // 4
    tree["reply"]["body"].insert(1, dropped)
    tree["reply"]["contact"] = []
    assert lost("000", tree, loaded) >= Counter("项秋霞电话")


# ---------------------------------------------------------------- .docx


@needs_seeds
@pytest.mark.parametrize("seed", ["000", "001", "002"])
def test_docx_made_by_drafter_imports_back(seed, run, tmp_path):
    """A .docx (letterhead frame, title with a line break, bold 一是, a table, the 版记 text box) reads back
    into a letter that renders to the seed's text again."""
    first = rendered_docx(load(EXAMPLES / f"{SEEDS[seed]}.yaml", Library()), tmp_path / "first.docx")
    out = tmp_path / f"{seed}.yaml"
    tree = imported(run, first, out)
    again = rendered_docx(load(out, Library()), tmp_path / "again.docx")
    check = seedcheck(seed, again)
    assert check.returncode == 0, check.stdout
    if seed == "001":
        assert tree["reply"]["format"] == "文件" and tree["reply"]["body"][0]["items_bold"] == "true"
        assert tree["reply"]["printer"] == "温州市科学技术局办公室"
    if seed == "002":
        assert len(tree["reply"]["body"][0]["table"]["rows"]) == 3


# ---------------------------------------------------------------- other common shapes

MARKED = """\
首页 > 政务公开 > 建议提案办理
索引号：002482090/2024-00211 | 发布机构：市科技局
温科提复〔2024〕102号A类
签发人：郑建华

关于市十四届人大四次会议第215号建议的答复函

王珂、高晨星两位代表：
你们在市十四届人大四次会议期间提出的《关于支持企业研发机构建设的建议》（第215号）收悉。现将办理情况答复如下：
一、工作开展情况
（一）加大政策支持。对新认定的省级重点企业研究院给予一次性奖励，对企业研发投入按规定给予补助，R&D经费支出增长较快的企业优先支持。
1.落实研发费用加计扣除。2023年全市享受加计扣除的企业达1.36万家，减免税额约62亿元。
2.实施研发后补助。2023年共兑现研发后补助资金2.3亿元，惠及企业2100余家，其中<500万元的小额补助占六成。
（二）强化分类指导。建立企业研发机构培育库，按“有研发活动—有研发机构—有高水平研发机构”梯次培育，组织科技特派员和高校院所专家上门指导，
— 2 —
帮助企业规范研发管理。
二、下一步打算
我局将继续加大对企业研发机构建设的支持力度。
感谢你们对科技创新工作的关心和支持。
联系人：项秋霞，联系电话：88962072。
温州市科学技术局
2024年6月18日
（此件公开发布）
打印本页 关闭窗口
"""

MANY = """\
温科提复〔2024〕120号

关于市十四届人大四次会议第192号建议的答复函

吴晓峰、郑丽君、徐国强等6位代表：
你们在市十四届人大四次会议期间提出的《关于支持民营企业建设新型研发机构的建议》（第192号）收悉。经认真研究，现答复如下：
新型研发机构是推动科技成果转化、服务产业创新的重要力量。近年来，我局主要做了以下工作：
一是完善认定管理办法。明确民营企业可作为举办单位独立或联合高校院所建设新型研发机构。
二是加大资金支持。对新认定的市级新型研发机构给予最高500万元建设补助。
感谢你们对我市科技创新工作的关心和支持。
承办责任人：王立新，联系电话：88962061。
具体经办人：陈思远，联系电话：88962075。
温州市科学技术局
二〇二四年六月十九日
报：市人民政府建议提案办公室
抄送：市人大常委会代表工委
"""

ORGANISATION = """\
鹿教提复〔2024〕9号 签发人：陈晓东

关于区政协十二届三次会议第36号提案的答复

民盟鹿城区基层委员会：
你们提出的《关于加强中小学生心理健康教育的提案》（第36号）收悉。提案对提升我区学生心理健康水平具有重要意义，我局高度重视，会同区卫生健康局认真研究，现将有关情况答复如下：
一、工作开展情况
（一）健全工作机制。成立区中小学生心理健康教育指导中心，全区中小学全部配备专兼职心理教师。
（二）开展筛查干预。每学年开展一次心理健康测评，建立“一生一档”。
二、下一步工作
我局将把心理健康教育纳入学校年度考核。
感谢你们对教育工作的关心和支持。
温州市鹿城区教育局
2024年6月12日
（联系人：周敏，联系电话：88290135）
抄 报：区政协提案委 区政府办公室
温州市鹿城区教育局办公室 2024年6月13日印发
"""

CO_OPINION = """\
温科提函〔2024〕58号

关于市十四届人大四次会议第127号建议的会办意见

市发展改革委：
陈立新、周晓燕、林志强等3位代表提出的《关于加快瓯江口新区科创平台建设的建议》（第127号）收悉。经研究，现将会办意见函告如下：
近年来，我局会同瓯江口新区管委会，围绕新区主导产业布局建设科创平台。
一、关于科创平台建设
下一步，我局将支持新区争创省级高新技术产业园区，优先推荐新区企业申报省级重点企业研究院。
二、关于科技人才引进
我局将把新区纳入“瓯越英才计划”科技人才项目的重点支持范围。
以上意见供你单位统一答复代表时参考。
联系人：项秋霞，联系电话：88962072。
温州市科学技术局
2024年5月20日
"""


def _letter_text(text: str) -> str:
    """seedcheck's reading of a letter from its salutation on: NFKC, no spaces, furniture lines left out."""
    lines = [SC.normalise(line) for line in text.splitlines() if "打印本页" not in line]
    lines = [line for line in lines if line]
    start = SC.salutation_index(lines)
    assert start >= 0
    return "".join(lines[start:])


def import_text(run, tmp_path: Path, text: str, *extra: str) -> tuple[CommentedMap, str, str]:
    """Import a letter given as text; returns the file's tree, the warnings, and its rendered text."""
    source = tmp_path / "letter.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "letter.yaml"
    code, _, err = run("import", source, "-o", out, *extra)
    assert code == 0, err
    library = [a for a in extra if a != "--library"]
    code, shown, render_err = run("render", out, "--text", *(["--library", *library] if library else []))
    assert code == 0, render_err
    return parse(out.read_text(encoding="utf-8"), out), err, shown


@needs_seeds
def test_marks_several_deputies_levels_and_web_furniture(run, tmp_path):
    tree, err, shown = import_text(run, tmp_path, MARKED)
    reply = tree["reply"]
    assert list(tree["proposal"]["proposers"]) == ["王珂", "高晨星"]
    assert "salutation" not in reply and "title" not in reply  # exactly what the bureau would print
    assert reply["doc_number"] == "温科提复〔2024〕102号" and reply["result_class"] == "A"
    assert reply["issuer"] == "郑建华" and reply["disclosure"] == "主动公开"
    assert _levels(reply["body"]) == [1, 2, 3, 3, 2, 1]
    # a PDF's page number left out, and the sentence it cut joined again
    assert reply["body"][0]["sections"][1]["text"].endswith("上门指导，帮助企业规范研发管理。\n")
    assert "R&D" in reply["body"][0]["sections"][0]["text"]
    assert "<500万元" in reply["body"][0]["sections"][0]["sections"][1]["text"]
    assert _letter_text(shown) == _letter_text(MARKED.split("\n", 2)[2].replace("— 2 —\n", ""))
    written = (tmp_path / "letter.yaml").read_text(encoding="utf-8").splitlines()
    assert not [line for line in written if "索引号" in line and not line.startswith("#")]  # furniture is no field
    assert any(line.startswith("# ") and "索引号" in line for line in written)  # but listed for the clerk
    assert "网页上的文字" in err


@needs_seeds
def test_deputies_named_in_part_two_contacts_report_lines_chinese_date(run, tmp_path):
    tree, err, shown = import_text(run, tmp_path, MANY)
    reply = tree["reply"]
    assert list(tree["proposal"]["proposers"]) == ["吴晓峰", "郑丽君", "徐国强"]
    assert reply["salutation"] == "吴晓峰、郑丽君、徐国强等6位代表："  # not what the bureau would make of 3 names
    assert "称呼说“6位”，原件只列出 3 位的姓名" in err
    assert list(reply["contact"]) == [
        "承办责任人：王立新，联系电话：88962061。",
        "具体经办人：陈思远，联系电话：88962075。",
    ]
    assert str(reply["date"]) == "2024-06-19" and reply["date_style"] == "chinese"
    assert reply["cc"] == "报：市人民政府建议提案办公室\n抄送：市人大常委会代表工委\n"
    assert reply["body"][0]["text"].startswith("新型研发机构") and len(reply["body"][0]["items"]) == 2
    assert shown.splitlines()[-2:] == ["报：市人民政府建议提案办公室", "抄送：市人大常委会代表工委"]
    assert _letter_text(shown) == _letter_text(MANY)


@needs_seeds
def test_organisation_issuer_on_the_number_line_contact_after_date(run, tmp_path):
    tree, _, shown = import_text(run, tmp_path, ORGANISATION, "--library", str(EXAMPLE_LIBRARY))
    reply = tree["reply"]
    assert list(tree["proposal"]["proposers"]) == [{"organisation": "民盟鹿城区基层委员会"}]
    assert tree["proposal"]["kind"] == "提案" and tree["proposal"]["session"] == "区政协十二届三次会议"
    assert reply["bureau"] == "lucheng-edu" and reply["issuer"] == "陈晓东"
    assert reply["contact_position"] == "after_date"
    assert reply["cc"] == "抄 报：区政协提案委 区政府办公室"
    assert reply["printer"] == "温州市鹿城区教育局办公室" and str(reply["print_date"]) == "2024-06-13"
    assert _letter_text(shown) == _letter_text(ORGANISATION)


@needs_seeds
def test_co_opinion_addressed_to_the_lead_unit(run, tmp_path):
    tree, err, shown = import_text(run, tmp_path, CO_OPINION)
    reply = tree["reply"]
    assert reply["type"] == "会办意见" and reply["lead_unit"] == "市发展改革委"
    assert list(tree["proposal"]["proposers"]) == ["陈立新", "周晓燕", "林志强"]
    assert reply["doc_number"] == "温科提函〔2024〕58号" and reply["bureau"] == "wenzhou-sti"
    assert "title" not in reply and "salutation" not in reply and not err
    assert reply["closing"] == "以上意见供你单位统一答复代表时参考。"
    assert _letter_text(shown) == _letter_text(CO_OPINION)


def test_unrecognised_line_is_kept_and_reported_with_its_line(run, tmp_path):
    text = MANY.replace(
        "关于市十四届人大四次会议第192号建议的答复函\n",
        "关于市十四届人大四次会议第192号建议的答复函\n内部资料 注意保存\n",
    )
    tree, err, _ = import_text(run, tmp_path, text)
    assert "第4行：“内部资料 注意保存”不认识，按正文的一段导入" in err
    assert tree["reply"]["body"][0] == "内部资料 注意保存"


def test_unknown_bureau_is_written_by_name_with_a_warning(run, tmp_path):
    text = CO_OPINION.replace("温科提函", "瑞科函").replace("温州市科学技术局\n", "瑞安市科学技术局\n")
    source = tmp_path / "letter.txt"
    source.write_text(text, encoding="utf-8")
    code, _, err = run("import", source, "-o", tmp_path / "letter.yaml")
    assert code == 0
    tree = parse((tmp_path / "letter.yaml").read_text(encoding="utf-8"), None)
    assert tree["reply"]["bureau"] == "瑞安市科学技术局"
    assert "模板库里没有“瑞安市科学技术局”" in err and "drafter library new" in err


# ---------------------------------------------------------------- errors, overwriting, folders


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "找不到这个文件"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "不能读取旧版 Word 文件（.doc）"),
        ("empty.txt", b"\n \n", "文件是空的"),
        ("broken.docx", b"not a zip", "已损坏或不是 Word 文件"),
        ("letter.pdf", b"%PDF", "只能导入 .txt 或 .docx 文件"),
    ],
)
def test_bad_source_is_a_clear_error(name, content, message, run, tmp_path):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    code, _, err = run("import", source, "-o", tmp_path / "out.yaml")
    assert code == 2 and message in err and str(source) in err
    assert "Traceback" not in err and not (tmp_path / "out.yaml").exists()


@needs_seeds
def test_existing_file_is_kept_without_force(run, tmp_path):
    out = tmp_path / "000.yaml"
    out.write_text("# mine\n", encoding="utf-8")
    code, _, err = run("import", SEED_FILES["000"], "-o", out)
    assert code == 2 and "没有覆盖" in err and out.read_text(encoding="utf-8") == "# mine\n"
    code, _, _ = run("import", SEED_FILES["000"], "-o", out, "--force")
    assert code == 0 and "温科提复〔2024〕95号" in out.read_text(encoding="utf-8")


def test_gb18030_text_from_notepad(run, tmp_path):
    source = tmp_path / "letter.txt"
    source.write_bytes(MANY.encode("gb18030"))
    code, _, err = run("import", source, "-o", tmp_path / "letter.yaml")
    assert code == 0, err
    assert "吴晓峰" in (tmp_path / "letter.yaml").read_text(encoding="utf-8")


def test_english_messages(run, tmp_path):
    code, _, err = run("--lang", "en", "import", tmp_path / "old.doc")
    assert code == 2 and err.startswith("Error: ")


@needs_seeds
def test_folder_imports_every_letter_and_prints_a_table(run, tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    for seed in ("000", "004"):
        (folder / f"{seed}.txt").write_bytes(SEED_FILES[seed].read_bytes())
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "notes.md").write_text("not a letter", encoding="utf-8")
    out = tmp_path / "yaml"
    code, shown, err = run("import", folder, "-o", out)
    assert code == 1  # one file could not be imported; the others were
    assert sorted(p.name for p in out.iterdir()) == ["000.yaml", "004.yaml"]
    lines = shown.splitlines()
    assert lines[0].split() == ["文件", "文号", "届次/号", "提出人", "段数", "日期", "警告数"]
    row = next(line for line in lines if line.startswith("000.txt")).split()
    assert row == ["000.txt", "温科提复〔2024〕95号", "市十四届人大四次会议", "393号", "黄钦鑫", "6", "2024-06-26", "0"]
    assert next(line for line in lines if line.startswith("004.txt")).split()[1] == "—"
    assert "old.doc" in err and "共 3 个文件：导入 2 个，出错 1 个" in shown
