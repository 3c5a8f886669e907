"""Bureau libraries: new and check, each way of breaking a library, the sandbox, and one bureau's change
reaching that bureau's letters and no other's."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from drafter.library.search import SHIPPED
from tests import variants
from tests.conftest import EXAMPLES, MINIMAL, W, attr, paragraph_texts, styles_by_id


@pytest.fixture
def lib(run, tmp_path) -> Path:
    """A fresh bureau made by `drafter library new` in a library folder outside the repository."""
    root = tmp_path / "lib"
    code, out, err = run("library", "new", "demo", "--name", "某某市某某局", "--code", "某提复", "--library", root)
    assert code == 0, err
    assert "已新建" in out
    return root


def _check(run, root: Path) -> tuple[int, str]:
    code, out, err = run("library", "check", "demo", "--library", root)
    assert "Traceback" not in out + err
    return code, out


def test_new_then_check_passes(run, lib, letter_file, tmp_path):
    assert _check(run, lib) == (0, "demo：没有发现问题\n")
    # and the new bureau makes letters: the serial takes its 代字, the name heads and signs the letter
    text = MINIMAL.replace("bureau: wenzhou-sti", "bureau: demo").replace("温科提复〔2024〕95号", "12")
    code, out, err = run("render", letter_file(text), "--text", "--library", lib)
    assert code == 0, err
    lines = [line for line in out.splitlines() if line]
    assert lines[:2] == ["某某市某某局", "某提复〔2024〕12号"]
    assert lines[-2:] == ["某某市某某局", "2024年6月26日"]


def test_new_refuses_existing_folder_and_bad_id(run, lib):
    code, _, err = run("library", "new", "demo", "--name", "另一个局", "--library", lib)
    assert code == 2 and "已经存在" in err
    code, _, err = run("library", "new", "../escape", "--name", "另一个局", "--library", lib)
    assert code == 2 and "只能用小写字母" in err
    assert not (lib.parent / "escape").exists()


def test_shipped_libraries_pass(run):
    code, out, _ = run("library", "check")
    assert code == 0
    for bureau in ("wenzhou-sti", "zhejiang-sti", "jinhua-sti", "dongtou-gov"):
        assert f"{bureau}：没有发现问题" in out
    code, out, _ = run("library", "list")
    assert code == 0 and "浙江省科学技术厅" in out and "phrases/closing.j2" in out


def _phrase(lib: Path, name: str, text: str) -> None:
    (lib / "demo" / "phrases" / f"{name}.j2").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text", "finding"),
    [
        (
            "title",
            "关于{{ proposal.titel }}的答复",
            "phrases/title.j2 第1行：“proposal.titel”不存在：没有“titel”这一项",
        ),
        ("closing", "感谢。\n{{ pronon }}", "phrases/closing.j2 第2行：用了不存在的名称“pronon”"),
        ("salutation", "{% for p in persons %}{{ p.nmae }}{% endfor %}：", "“p.nmae”不存在：没有“nmae”这一项"),
        ("opening_建议", "见{{ bureau.words.website }}", "请在本单位 bureau.yaml 的 words 里写上 website"),
        ("closing", "{% if pronoun %}感谢", "phrases/closing.j2 第1行：模板写法有误"),
        ("closing", "{{ ''.__class__.__mro__ }}", "试图访问程序内部（.__mro__）"),
        ("closng", "感谢。", "程序不会使用名为“closng”的措辞模板"),
    ],
)
def test_broken_phrase_is_found(run, lib, name, text, finding):
    _phrase(lib, name, text)
    code, out = _check(run, lib)
    assert code == 1
    assert finding in out
    assert "demo：发现 1 个问题" in out  # the finding named, and no unrelated one


def test_broken_bureau_yaml_is_found(run, lib):
    path = lib / "demo" / "bureau.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("genre:", "genra:"), encoding="utf-8")
    code, out = _check(run, lib)
    assert code == 1
    assert re.search(r"bureau\.yaml 第6行：不认识“genra”这一项，是不是想写“genre”？", out)


def _docx_with(source: Path, target: Path, edit) -> None:
    """A copy of a template .docx with one part's XML changed."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            data = z.read(item.filename)
            name = item.filename
            out.writestr(item, edit(name, data.decode("utf-8")).encode("utf-8") if name.endswith(".xml") else data)


BASE_LETTER = SHIPPED / "base" / "letter.docx"


def _placeholder(xml: str, field: str) -> str:
    """A paragraph holding `field`, added after the body placeholder (a bureau editing its template)."""
    return xml.replace("<w:sectPr>", f"<w:p><w:r><w:t>{field}</w:t></w:r></w:p><w:sectPr>", 1)


@pytest.mark.parametrize(
    ("edit", "finding"),
    [
        (lambda n, x: x.replace('w:styleId="GwSigner"', 'w:styleId="GwSignature"'), "缺少样式 GwSigner"),
        (lambda n, x: x.replace("{{p blocks }}", "正文"), "模板里没有正文占位符 {{p blocks }}"),
        (lambda n, x: _placeholder(x, "{{ titel }}"), "占位符有误：用了不存在的名称“titel”"),
        (lambda n, x: _placeholder(x, "{{ title.__class__ }}"), "试图访问程序内部"),
    ],
)
def test_broken_template_docx_is_found(run, lib, edit, finding):
    _docx_with(BASE_LETTER, lib / "demo" / "letter.docx", edit)
    code, out = _check(run, lib)
    assert code == 1 and finding in out and "发现 1 个问题" in out


def _in_footer(name: str, xml: str, paragraph: str) -> str:
    return xml.replace("</w:ftr>", f"<w:p>{paragraph}</w:p></w:ftr>") if name == "word/footer1.xml" else xml


SPLIT_TYPO = "<w:r><w:t>{{ ti</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>tel }}</w:t></w:r>"


@pytest.mark.parametrize(
    ("edit", "finding"),
    [
        (lambda n, x: x.replace("{{p blocks }}", "{{ blocks }}"), "{{ blocks }}：正文占位符要写成 {{p blocks }}"),
        (
            lambda n, x: _placeholder(x, "{{r title }}"),
            "{{r title }}：带 r 的占位符是 docxtpl 的富文本（RichText）写法",
        ),
        (lambda n, x: _placeholder(x, "{{p title }}"), "{{p title }}：只有正文占位符写成 {{p blocks }}"),
        (lambda n, x: _placeholder(x, "{{ InlineImage(title) }}"), "drafter 不支持图片占位符（InlineImage）"),
        (lambda n, x: _placeholder(x, "{{ bureau|safe }}"), "用了 |safe"),
        (lambda n, x: _in_footer(n, x, SPLIT_TYPO), "占位符有误：用了不存在的名称“titel”"),  # split over runs
    ],
)
def test_misused_placeholder_is_found(run, lib, edit, finding):
    _docx_with(BASE_LETTER, lib / "demo" / "letter.docx", edit)
    code, out = _check(run, lib)
    assert code == 1 and finding in out, out


def test_body_placeholder_only_in_a_footer_is_found(run, lib):
    def edit(name: str, xml: str) -> str:
        xml = _in_footer(name, xml, "<w:r><w:t>{{p blocks }}</w:t></w:r>")
        return xml.replace("{{p blocks }}", "正文") if name == "word/document.xml" else xml

    _docx_with(BASE_LETTER, lib / "demo" / "letter.docx", edit)
    code, out = _check(run, lib)
    assert code == 1
    assert "模板里没有正文占位符 {{p blocks }}" in out
    assert "{{p blocks }} 放在了word/footer1.xml（页眉、页脚或脚注）里" in out


def test_template_edited_in_word_the_supported_ways_passes(run, lib):
    """Split tags, &quot;, a header, footnotes, document properties, column and picture loops: all fine."""
    variants.edited_in_word(BASE_LETTER, lib / "demo" / "letter.docx")
    assert _check(run, lib) == (0, "demo：没有发现问题\n")


def test_word_lock_file_is_not_a_template(run, lib):
    (lib / "demo" / "~$letter.docx").write_bytes(b"\x00" * 162)  # what Word leaves while the file is open
    assert _check(run, lib) == (0, "demo：没有发现问题\n")
    code, out, _ = run("library", "list", "--library", lib)
    assert code == 0 and "~$" not in out


def test_unreadable_template_docx_is_found(run, lib):
    (lib / "demo" / "document.docx").write_bytes(b"not a zip")
    (lib / "demo" / "letter.doc.docx").write_bytes(BASE_LETTER.read_bytes())
    code, out = _check(run, lib)
    assert code == 1
    assert "document.docx：不是一个能打开的 .docx 文件" in out
    assert "letter.doc.docx：程序不会使用这个模板文件" in out


def test_sandbox_runs_no_code(run, lib, letter_file, tmp_path):
    """A phrase reaching for os.system through Python internals: refused by check and by rendering."""
    marker = tmp_path / "pwned"
    attack = "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}"
    _phrase(lib, "closing", attack)
    code, out = _check(run, lib)
    assert code == 1 and "试图访问程序内部" in out
    text = MINIMAL.replace("bureau: wenzhou-sti", "bureau: demo")
    code, _, err = run("render", letter_file(text), "-o", tmp_path / "x.docx", "--library", lib)
    assert code == 2 and "试图访问程序内部" in err and "已拒绝" in err
    assert not marker.exists() and not (tmp_path / "x.docx").exists()
    # the same through a placeholder in the bureau's template .docx
    _phrase(lib, "closing", "感谢。")
    _docx_with(BASE_LETTER, lib / "demo" / "letter.docx", lambda n, x: _placeholder(x, attack))
    code, _, err = run("render", letter_file(text), "-o", tmp_path / "x.docx", "--library", lib)
    assert code == 2 and "试图访问程序内部" in err
    assert not marker.exists() and not (tmp_path / "x.docx").exists()


def _render(run, example: str, out: Path, root: Path) -> Path:
    code, _, err = run("render", EXAMPLES / f"{example}.yaml", "-o", out, "--library", root)
    assert code == 0, err
    return out


def test_a_bureau_change_reaches_that_bureau_only(run, tmp_path):
    """Copies of two shipped bureaus in an outside library hide the shipped ones; edit one of them."""
    root = tmp_path / "lib"
    for bureau in ("wenzhou-sti", "jinhua-sti"):
        shutil.copytree(SHIPPED / bureau, root / bureau)
    before = {
        b: _render(run, e, tmp_path / f"{b}-0.docx", root)
        for b, e in (("wenzhou", "wenzhou-sti-suggestion-393"), ("jinhua", "jinhua-sti-suggestion-wu35"))
    }
    # the letterhead, in bureau.yaml
    yaml = root / "wenzhou-sti" / "bureau.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("short_name: 温州市科学技术局", "short_name: 温州市科技局")
    )
    # one style, in the bureau's own copy of the template: 18 pt body text
    _docx_with(
        BASE_LETTER,
        root / "wenzhou-sti" / "letter.docx",
        lambda n, x: (
            re.sub(r'(w:styleId="GwBody">.*?<w:rPr>)', r'\1<w:sz w:val="36"/>', x, count=1, flags=re.S)
            if n == "word/styles.xml"
            else x
        ),
    )
    after = {
        b: _render(run, e, tmp_path / f"{b}-1.docx", root)
        for b, e in (("wenzhou", "wenzhou-sti-suggestion-393"), ("jinhua", "jinhua-sti-suggestion-wu35"))
    }
    assert paragraph_texts(before["wenzhou"])[0] == "温州市科学技术局"
    assert paragraph_texts(after["wenzhou"])[0] == "温州市科技局"
    assert attr(styles_by_id(after["wenzhou"])["GwBody"].find(f"{W}rPr/{W}sz"), "val") == "36"
    assert styles_by_id(before["wenzhou"])["GwBody"].find(f"{W}rPr/{W}sz") is None  # 3号 from Normal
    # the other bureau's letter is the same as before, part for part
    for name in ("word/document.xml", "word/styles.xml"):
        assert _xml(before["jinhua"], name) == _xml(after["jinhua"], name)
    assert _render(run, "wenzhou-sti-proposal-494", tmp_path / "w494.docx", root)  # 文件格式 unaffected by letter.docx
    assert attr(styles_by_id(tmp_path / "w494.docx")["GwBody"].find(f"{W}rPr/{W}sz"), "val") is None


def _xml(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(name).decode("utf-8")


def test_environment_variable_adds_a_library(run, lib, letter_file, monkeypatch):
    monkeypatch.setenv("DRAFTER_LIBRARY", str(lib))
    code, out, _ = run("library", "list")
    assert code == 0 and "demo\t某某市某某局" in out
    text = MINIMAL.replace("bureau: wenzhou-sti", "bureau: 某某市某某局")  # found by its full name too
    code, out, err = run("render", letter_file(text), "--text")
    assert code == 0, err
    assert out.startswith("某某市某某局\n")


def test_new_without_code_passes_and_hints_the_library(run, tmp_path):
    root = tmp_path / "lib"
    code, out, _ = run("library", "new", "plain", "--name", "某某县某某局", "--library", root)
    assert code == 0 and f"--library {root.resolve()}" in out
    code, out, _ = run("library", "check", "plain", "--library", root)
    assert (code, out) == (0, "plain：没有发现问题\n")


def test_library_folder_mistakes(run, tmp_path, lib):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, _, err = run("library", "new", "foo", "--name", "某局", "--library", afile)
    assert code == 2 and "这不是一个文件夹" in err
    code, _, err = run("library", "list", "--library", tmp_path / "nowhere")
    assert code == 2 and "找不到这个模板库文件夹" in err
    # --library pointing at one bureau's own folder names it by its folder
    code, out, _ = run("library", "list", "--library", lib / "demo")
    assert code == 0 and out.startswith("demo\t某某市某某局")


def test_empty_value_in_bureau_yaml_inherits_the_base(run, lib, letter_file):
    path = lib / "demo" / "bureau.yaml"
    text = path.read_text(encoding="utf-8").replace("genre: 答复函", "genre:").replace("format: 信函", "format: null")
    path.write_text(text, encoding="utf-8")
    assert _check(run, lib)[0] == 0
    letter = MINIMAL.replace("bureau: wenzhou-sti", "bureau: demo")
    code, out, err = run("render", letter_file(letter), "--text", "--library", lib)
    assert code == 0, err
    assert "关于市十四届人大四次会议第393号建议的\n答复函" in out


@pytest.mark.parametrize(
    "text",
    [
        "{% macro thanks(who) %}感谢{{ who }}。{% endmacro %}{{ thanks(pronoun) }}",
        "{% with first = proposal %}{{ first.title }}{% endwith %}",
        '{% if bureau.words.phone is defined %}{{ bureau.words.phone }}{% endif %}{{ bureau.words.fax | default("") }}',
        "{% for k, v in bureau.words.items() %}{{ k }}{{ v }}{% endfor %}{{ proposal.title.strip() }}",
        "{{ reply.date.year }}年。{% for p in persons %}{{ loop.index }}{{ p.name }}{% endfor %}",
        '{% set names = persons | map(attribute="name") | join("、") %}感谢{{ names }}。',
    ],
)
def test_valid_templates_raise_no_alarm(run, lib, text):
    _phrase(lib, "closing", text)
    assert _check(run, lib) == (0, "demo：没有发现问题\n")


def test_a_template_that_fails_for_one_kind_of_proposer_is_found(run, lib):
    """persons[0] is fine for deputies but there is no person when an organisation proposes: the samples show it."""
    _phrase(lib, "closing", "感谢{{ persons[0].name }}。")
    code, out = _check(run, lib)
    assert code == 1 and "示例“答复（提案）”生成失败" in out


def test_typo_behind_an_alias_and_a_missing_include(run, lib, letter_file):
    _phrase(lib, "closing", '{% set p = proposal %}{% if reply.disclosure == "依申请公开" %}{{ p.sesion }}{% endif %}')
    code, out = _check(run, lib)
    assert code == 1 and "“p.sesion”不存在" in out
    _phrase(lib, "closing", '{% include "thanks_missing.j2" %}')
    letter = MINIMAL.replace("bureau: wenzhou-sti", "bureau: demo")
    code, _, err = run("render", letter_file(letter), "--text", "--library", lib)
    assert code == 2 and "closing.j2 引用的 thanks_missing.j2 不存在" in err


def test_missing_shipped_library_is_said_plainly(run, tmp_path, monkeypatch):
    """An install that lost its package data: said as such, not blamed on DRAFTER_LIBRARY (which is not set)."""
    from drafter.cli import options as cli
    from drafter.library import search as library

    monkeypatch.delenv("DRAFTER_LIBRARY", raising=False)
    gone = tmp_path / "site-packages" / "drafter" / "templates"
    for module in (cli, library):
        monkeypatch.setattr(module, "SHIPPED", gone)
        monkeypatch.setattr(module, "BASE", gone / "base")
    code, _, err = run("library", "list")
    assert code == 2
    assert "drafter 自带的基础模板库不见了，请重新安装 drafter" in err and "DRAFTER_LIBRARY" not in err
