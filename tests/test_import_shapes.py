"""Shapes real letters have, from Word/WPS files (XML written as those programs write it) and from web pages."""

from __future__ import annotations

import zipfile
from pathlib import Path

from drafter.importer.letter import import_letter
from drafter.library.search import Library

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _p(text: str = "", extra: str = "") -> str:
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{part}</w:t></w:r>'
        + ("<w:r><w:br/></w:r>" if i < len(text.split("|")) - 1 else "")
        for i, part in enumerate(text.split("|"))
    )
    return f"<w:p>{runs}{extra}</w:p>"


def _docx(path: Path, body: str) -> Path:
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
    return path


PICTURE = '<w:r><w:drawing><wp:inline xmlns:wp="x"/></w:drawing></w:r>'
RULE_TABLE = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"


def _letter(tmp_path: Path, *middle: str, tail: tuple[str, ...] = ()) -> dict:
    body = "".join(
        [
            _p("温州市科学技术局"),
            _p("温科提复〔2024〕95号"),
            _p("关于市十四届人大四次会议|第393号建议的答复函"),  # a title with a line break inside one paragraph
            _p("黄钦鑫代表："),
            _p("您在市十四届人大四次会议期间提出的《关于支持龙港市申报试点县的建议》收悉。现答复如下："),
            *middle,
            _p("感谢您对我局工作的关心和支持。"),
            *tail,
        ]
    )
    imported = import_letter(_docx(tmp_path / "letter.docx", body), Library())
    return {"data": imported.data, "warnings": imported.warning_lines()}


def test_title_with_a_line_break_inside_one_paragraph(tmp_path):
    got = _letter(tmp_path, _p("一、做好顶层设计。发挥作用。"), tail=(_p("温州市科学技术局"), _p("2024年6月26日")))
    reply = got["data"]["reply"]
    assert "title" not in reply or reply["title"].replace("\n", "") == "关于市十四届人大四次会议第393号建议的答复函"
    assert reply["doc_number"] == "温科提复〔2024〕95号" and str(reply["date"]) == "2024-06-26"
    assert got["data"]["proposal"]["number"] == "393"


def test_seal_placeholder_is_never_the_signer(tmp_path):
    got = _letter(
        tmp_path, _p("我局持续推进。"), tail=(_p("温州市科学技术局"), _p("〔此处加盖印章〕"), _p("2024年6月26日"))
    )
    reply = got["data"]["reply"]
    assert reply["signer"] == "温州市科学技术局"
    assert any("盖章" in w for w in got["warnings"])
    assert "此处加盖印章" not in str(reply.get("body")) + str(reply.get("closing"))


def test_a_picture_is_reported_not_dropped_silently(tmp_path):
    got = _letter(tmp_path, _p("我局持续推进。", PICTURE), tail=(_p("温州市科学技术局"), _p("2024年6月26日")))
    assert any("图片" in w for w in got["warnings"])
    assert "我局持续推进。" in str(got["data"]["reply"]["body"])


def test_an_empty_table_that_draws_a_rule_is_no_table(tmp_path):
    got = _letter(tmp_path, _p("我局持续推进。"), RULE_TABLE, tail=(_p("温州市科学技术局"), _p("2024年6月26日")))
    body = got["data"]["reply"]["body"]
    assert not any(isinstance(node, dict) and "table" in node for node in body)


def test_blank_date_of_a_draft_for_signature(tmp_path):
    got = _letter(tmp_path, _p("我局持续推进。"), tail=(_p("温州市科学技术局"), _p("年　　月　　日")))
    reply = got["data"]["reply"]
    assert "date" not in reply and reply["signer"] == "温州市科学技术局"
    assert "年" not in str(reply.get("closing", ""))


def test_sentence_naming_web_words_is_the_letters_own(tmp_path):
    """分享到, 关闭窗口 in a sentence of the letter: kept (a line is furniture only when all of it is)."""
    page = tmp_path / "page.txt"
    page.write_text(
        "首页 > 政务公开 > 建议提案\n【打印本页】【关闭窗口】\n黄钦鑫代表：\n"
        "您提出的《关于支持龙港市申报试点县的建议》收悉。现答复如下：\n"
        "我局将在官网开设专栏，市民点击“分享到”即可转发，阅毕点击关闭窗口返回。\n"
        "温州市科学技术局\n2024年6月26日\n分享到：\n",
        encoding="utf-8",
    )
    imported = import_letter(page, Library())
    body = str(imported.data["reply"]["body"])
    assert "点击“分享到”即可转发，阅毕点击关闭窗口返回。" in body
    listed = imported.set_aside_lines()
    assert any("首页" in x for x in listed) and any("分享到" in x for x in listed)


def test_garbled_date_is_reported_not_guessed(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "黄钦鑫代表：\n您提出的《关于支持龙港市申报试点县的建议》收悉。现答复如下：\n我局持续推进。\n"
        "温州市科学技术局\n20241018\n",
        encoding="utf-8",
    )
    imported = import_letter(page, Library())
    assert "date" not in imported.data["reply"]
    assert any("20241018" in w and "没有猜" in w for w in imported.warning_lines())


def test_item_metadata_above_the_letter_gives_the_facts(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "县十六届人大二次会议第23号建议办理单\n新编号：第23号\n代表姓名：张三、李四、王五\n"
        "事    由：关于加强乡村道路建设的建议\n办理情况：\n张三等代表：\n"
        "您在县十六届人大二次会议提出的建议收悉。\n我局持续推进。\n温州市科学技术局\n2023年12月8日\n",
        encoding="utf-8",
    )
    proposal = import_letter(page, Library()).data["proposal"]
    assert proposal["number"] == "23" and proposal["title"] == "关于加强乡村道路建设的建议"
    assert proposal["proposers"] == ["张三", "李四", "王五"]


def test_the_tail_is_never_swallowed_by_the_last_heading(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "黄钦鑫代表：\n您提出的《关于支持龙港市申报试点县的建议》收悉。现答复如下：\n一、工作开展情况\n我局持续推进。\n"
        "二、下一步工作\n我局将继续努力。\n感谢您对我局工作的关心和支持。\n附件：1.试点工作方案\n"
        "联系人：项秋霞，联系电话：88962072。\n温州市科学技术局\n2024年6月26日\n（此件公开发布）\n"
        "抄送：市人大常委会代表工委。\n",
        encoding="utf-8",
    )
    imported = import_letter(page, Library())
    reply = imported.data["reply"]
    last = reply["body"][-1]
    assert last["heading"] == "下一步工作" and last["text"].strip() == "我局将继续努力。"
    assert reply["signer"] == "温州市科学技术局" and str(reply["date"]) == "2024-06-26"
    assert reply["disclosure"] == "主动公开" and "代表工委" in str(reply["cc"])
    assert reply["contact"] == ["联系人：项秋霞，联系电话：88962072。"]
    assert "试点工作方案" in str(reply.get("closing")) or "attachments" in reply


def test_page_number_field_nested_quotes_and_a_heading_ending_at_its_colon(tmp_path):
    """文号 only in the page's table; 《…“红美人”…》 in the opening; 一、关于……的回复：and the text on."""
    page = tmp_path / "page.txt"
    page.write_text(
        "索引号 001008003014074/2024-312830 主题分类 农业\n文号 永农函〔2024〕66号\n"
        "关于县政协十一届三次会议第215号提案的答复函\n陈伯乐等委员：\n"
        "您们提出的《关于提升永嘉“红美人”柑橘产业政策扶持的建议》收悉，现将办理情况函复如下：\n"
        "一、关于对出台技术规程建议的回复：近几年以来，我局持续推进。下一步继续推进。\n"
        "永嘉县农业农村局\n2024年10月9日\n",
        encoding="utf-8",
    )
    imported = import_letter(page, Library())
    reply, proposal = imported.data["reply"], imported.data["proposal"]
    assert reply["doc_number"] == "永农函〔2024〕66号"
    assert any("取自网页的“文号”栏" in w for w in imported.warning_lines())
    assert proposal["title"] == "关于提升永嘉“红美人”柑橘产业政策扶持的建议"
    section = reply["body"][0]
    assert section["heading"] == "关于对出台技术规程建议的回复："
    assert section["text"].startswith("近几年以来，我局持续推进。")
