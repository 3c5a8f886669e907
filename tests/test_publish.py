"""drafter publish: the web copy of the 主动公开 replies, with no telephone number, from the .docx's own layout."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from drafter.letter.layout import Block, Run
from drafter.letter.load import load
from drafter.letter.render import render
from drafter.library.search import Library
from drafter.publish.redact import redact, redact_text
from drafter.vocab.phones import PHONE, is_bare_label, without_phones
from tests.conftest import EXAMPLE_LIBRARY, EXAMPLES, MINIMAL, paragraph_texts
from tests.test_english import chinese_left

PUBLISHED = {
    "wenzhou-sti-suggestion-393",  # the bureau's publish.disclosure
    "wenzhou-sti-proposal-494",  # a mobile number in its contact line
    "wenzhou-sti-suggestion-marks",  # reply.disclosure: 主动公开, top-left marks
    "zhejiang-sti-suggestion-wen138",  # a table, attachments, hide_contact_name
}
# any run of digits a telephone number could be: wider than vocab.phones, so the check does not trust it
ANY_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d[- ]?\d{4}[- ]?\d{4}|(?:0\d{2,3}[-)）]?)?[2-9]\d{6,7})(?![\d年元万亿号])")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("联系人：项秋霞，联系电话：88962072。", "联系人：项秋霞。"),
        ("（联系人：钱良超，联系电话：88962066）", "（联系人：钱良超）"),
        ("联系人：刘焕斌 联系电话：88962078，13750908558", "联系人：刘焕斌"),
        ("联系电话：0571-87055403", ""),
        ("请拨打0577-88889999或(0577)88889999咨询。", "请拨打咨询。"),
        ("手机：138 0000 0000；传真：0577-88889998。", "。"),
        ("电话：+86 577 8888 9999，邮箱：a@b.cn", "邮箱：a@b.cn"),
        ("热线+86-138-0000-0000。", "热线。"),
        ("电话：（0577）8888-9999转123，地址：温州市。", "地址：温州市。"),
    ],
)
def test_telephone_numbers_go_with_their_labels(text, expected):
    assert without_phones(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "温科提复〔2024〕95号",
        "第393号建议、温138号建议",
        "2024年6月26日、2024-06-26、二〇二四年",
        "投入12345678元，新增1.2909亿元，5257亿元，研发投入强度3.15%",
        "索引号：002482090/2024-00128",
        "累计186家，培育13750908558元",  # digits of a mobile number, but an amount
        "国科发区〔2022〕13号，R&D 2.15%，国办发〔2014〕46号",
    ],
)
def test_other_numbers_stay(text):
    assert without_phones(text) == text
    assert PHONE.search(text) is None


@pytest.mark.parametrize(
    "text",
    ["新增绿化面积3500000平方米", "惠及2300000户", "培训学员2345678名", "项目编号ZJ2024-3300123", "共88889999元"],
)
def test_a_bare_number_in_the_text_is_not_taken_for_a_telephone(text):
    """Seven or eight digits in running text are an amount unless a label says otherwise; in a contact line not."""
    assert without_phones(text) == text
    assert without_phones("咨询电话：88889999。") == "。"
    assert without_phones("张三 88889999", contact=True) == "张三"


def test_contact_line_left_with_its_label_only_is_dropped():
    blocks = [
        Block("body", (Run("咨询电话：0577-88889999。"),)),
        Block("contact", (Run("联系电话：0571-87055403"),)),
        Block("contact", (Run("联系人：项秋霞，联系电话：88962072。"),)),
    ]
    kept = redact(blocks)
    # the body line and the telephone line had nothing but a label and a number: both dropped
    assert [(b.role, b.text) for b in kept] == [("contact", "联系人：项秋霞。")]
    hidden = redact(blocks, hide_name=True)
    assert hidden == []
    assert redact_text("联系单位及联系人：省科技厅法规处 蔡建军", "contact", True) == "联系单位及联系人：省科技厅法规处"
    assert (
        redact_text("联系人：项秋霞（电话略）", "body", True) == "联系人：项秋霞（电话略）"
    )  # names only in contact lines


class Page(HTMLParser):
    """The HTML's text as the .docx holds it: one entry per h1/h2/p, a table row as its cells joined with " | "."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.classes: list[str] = []
        self.cells: list[str] | None = None
        self.current: list[str] | None = None
        self.in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "p"):
            self.current = []
            self.classes.append(dict(attrs).get("class") or "")
        elif tag == "tr":
            self.cells = []
        elif tag in ("td", "th"):
            self.current, self.in_cell = [], True
        elif tag == "br" and self.current is not None:
            self.current.append(" " if self.in_cell else "\n")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "p") and self.current is not None:
            self.paragraphs.append("".join(self.current))
            self.current = None
        elif tag in ("td", "th") and self.cells is not None and self.current is not None:
            self.cells.append("".join(self.current))
            self.current, self.in_cell = None, False
        elif tag == "tr" and self.cells is not None:
            self.paragraphs.append(" | ".join(self.cells))
            self.classes.append("tr")
            self.cells = None

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """`drafter publish examples -o OUT` once for the module: (exit status, stdout, stderr, OUT).

    The batch is made first, as a bureau does: its letters' auto numbers are taken then, and publish takes none.
    """
    from drafter.cli.main import main

    out = tmp_path_factory.mktemp("web")
    ledger = tmp_path_factory.mktemp("ledger") / "ledger.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DRAFTER_LEDGER", str(ledger))
        import contextlib
        import io

        err, std = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
            batch = main(
                ["batch", str(EXAMPLES / "batch-2024.yaml"), "-o", str(out / "docx"), "--library", str(EXAMPLE_LIBRARY)]
            )
            assert batch == 0, err.getvalue()
            err.truncate(0), std.truncate(0), err.seek(0), std.seek(0)
            code = main(["publish", str(EXAMPLES), "-o", str(out / "site"), "--library", str(EXAMPLE_LIBRARY)])
    return code, std.getvalue(), err.getvalue(), out / "site"


def _batch_published() -> set[str]:
    """The batch example's letters that are 主动公开 (their own disclosure, else their bureau's), by output name."""
    from drafter.batch.names import relative
    from drafter.batch.stream import read
    from drafter.letter.load import bind_bureau

    library = Library([EXAMPLE_LIBRARY])
    names = set()
    for source in read(EXAMPLES / "batch-2024.yaml"):
        letter, entry = bind_bureau(source.data, source.problem, library)
        if (letter.reply.disclosure or entry.settings.publish.disclosure) == "主动公开":
            names.add(relative(letter).stem)
    return names


def test_publish_examples_writes_the_public_ones_and_skips_the_rest(published):
    batch = _batch_published()
    assert len(batch) == 22
    code, out, err, site = published
    assert code == 0, err
    assert {p.stem for p in site.glob("*.html")} == PUBLISHED | batch | {"index"}
    assert {p.stem for p in site.glob("*.txt")} == PUBLISHED | batch
    assert "wenzhou-sti-co-opinion-58.yaml：公开属性是不予公开，没有发布" in err
    assert "lucheng-edu-proposal-marks.yaml：公开属性是依申请公开，没有发布" in err
    assert "jinhua-sti-suggestion-wu35.yaml：没有写公开属性" in err and "publish.disclosure" in err
    # a batch file's letters are published one by one, named as drafter batch names their .docx
    assert "batch-2024.yaml 第11封（第231号建议）：公开属性是依申请公开，没有发布" in err
    assert "已发布 26 件；跳过 6 件（不予公开 1，依申请公开 3，未写公开属性 2，未写完 0，未取号 0）" in out


def test_no_telephone_number_on_any_page(published):
    site = published[3]
    for path in [*site.glob("*.html"), *site.glob("*.txt")]:
        text = path.read_text(encoding="utf-8")
        assert not ANY_PHONE.search(text), (path.name, ANY_PHONE.search(text))
        assert not PHONE.search(text), path.name
    page = (site / "wenzhou-sti-proposal-494.txt").read_text(encoding="utf-8")
    assert "联系人：刘焕斌\n" in page  # the name stays where the bureau does not hide it
    zj = (site / "zhejiang-sti-suggestion-wen138.txt").read_text(encoding="utf-8")
    assert "蔡建军" not in zj and "联系单位及联系人：省科技厅法规处" in zj and "联系电话" not in zj
    # and the numbers that are not telephones are all there
    assert "浙科提〔2024〕297号" in zj and "2024年7月10日" in zj and "温138号" in zj and "5257亿元" in zj


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_html_text_equals_the_docx_from_the_title_on(published, name, tmp_path):
    site = published[3]
    loaded = load(EXAMPLES / f"{name}.yaml", Library([EXAMPLE_LIBRARY]))
    result = render(loaded.letter, loaded.entry)
    docx = tmp_path / "x.docx"
    result.write_docx(docx)
    paras = paragraph_texts(docx)
    title = next(b.text for b in result.blocks if isinstance(b, Block) and b.role == "title")
    start = paras.index(title)
    hide = loaded.entry.settings.publish.hide_contact_name
    printer = result.complete.printer
    assert any(PHONE.search(p) for p in paras)  # every one of these letters prints a telephone number
    expected = [redact_text(p, "contact", hide) for p in paras[start:] if p and p != printer]
    expected = [p for p in expected if not is_bare_label(p)]  # a contact line left with its label only
    page = parsed(site / f"{name}.html")
    got = list(page.paragraphs)
    number = result.complete.doc_number
    if number:  # the 发文字号 stands under the title on the web (seed 002), above it in the .docx
        assert page.classes[1] == "doc_number"
        assert got.pop(1) == next(p for p in paras[:start] if p.startswith(number))
    assert got == expected
    assert page.classes[0] == "title"
    assert (site / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0] == title.split("\n")[0]


def test_the_page_is_semantic_and_escaped(letter_file, run, tmp_path):
    hostile = "R&D <script>alert(1)</script> “引号” 𠮷"
    body = f"""\
    - "{hostile}"
    - 详情可拨打咨询电话0577-88889999或手机13800000000，第393号建议所提事项已于2024年办结。
    - table:
        columns: [事项, 联系方式]
        rows:
          - [科技特派员, 联系电话：(0577)88962072]
"""
    text = MINIMAL.replace("    - 近年来，我局持续推进科技特派员工作。\n", body)
    extra = "  disclosure: 主动公开\n  signer: 温州市科学技术局\n"
    text = text.replace("  date: 2024-06-26\n", "  date: 2024-06-26\n" + extra)
    path = letter_file(text)
    code, _, err = run("publish", path, "-o", tmp_path / "site")
    assert code == 0, err
    page = (tmp_path / "site" / "letter.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "<script>" not in page and "R&amp;D &lt;script&gt;alert(1)&lt;/script&gt; “引号” 𠮷" in page
    assert re.search(r'<h1 class="title">[^<]*393号建议', page)
    assert '<p class="salutation">黄钦鑫代表：</p>' in page
    assert re.search(r'<p class="signer" style="padding-right: [0-9.]+em">温州市科学技术局</p>', page)
    assert '<p class="date">2024年6月26日</p>' in page
    assert "text-align: right" in page and "FangSong" in page and "text-align: center" in page
    assert "letterhead" not in page  # no 发文机关标志 on the web
    assert "0577" not in page and "13800000000" not in page and "88962072" not in page
    assert "详情可拨打，第393号建议所提事项已于2024年办结。" in page  # the other numbers stay
    assert '<td class="cell">科技特派员</td><td class="cell"></td>' in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="letter.html">' in index and '<a href="letter.txt">' in index
    assert "温科提复〔2024〕95号" in index and "2024年6月26日" in index


def test_existing_files_are_kept_unless_forced(letter_file, run, tmp_path):
    path = letter_file(MINIMAL.replace("  date: 2024-06-26\n", "  date: 2024-06-26\n  disclosure: 主动公开\n"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("mine", encoding="utf-8")
    code, _, err = run("publish", path, "-o", site)
    assert code == 2 and "index.html" in err and "--force" in err
    assert (site / "index.html").read_text(encoding="utf-8") == "mine"
    assert not (site / "letter.html").exists()  # nothing written when one target is refused
    code, _, err = run("publish", path, "-o", site, "--force")
    assert code == 0, err
    assert (site / "letter.html").exists() and "mine" not in (site / "index.html").read_text(encoding="utf-8")


def test_bad_letters_are_located_and_nothing_is_written(letter_file, run, tmp_path):
    bad = letter_file(MINIMAL.replace("  date: 2024-06-26\n", "  date: 2024-06-26\n  disclosure: 公开\n"), "bad.yaml")
    code, _, err = run("publish", bad, tmp_path / "missing.yaml", "-o", tmp_path / "site")
    assert code == 2 and "Traceback" not in err
    assert "missing.yaml" in err and "找不到这个文件或文件夹" in err
    code, _, err = run("publish", bad, "-o", tmp_path / "site")
    assert code == 2 and "bad.yaml 第" in err and "disclosure" in err
    assert not (tmp_path / "site").exists()
    code, _, err = run("--lang", "en", "publish", tmp_path / "missing.yaml", "-o", tmp_path / "site")
    assert code == 2 and "missing.yaml" in err and not re.search(r"[\u4e00-\u9fff]", err)


def test_letter_with_no_disclosure_says_how_to_set_it(letter_file, run, tmp_path):
    path = letter_file(MINIMAL.replace("wenzhou-sti", "jinhua-sti").replace("温科提复", "金市科提"))
    code, out, err = run("publish", path, "-o", tmp_path / "site")
    assert code == 0, err
    assert "reply.disclosure: 主动公开" in err and "publish.disclosure" in err
    assert "已发布 0 件" in out and not (tmp_path / "site" / "letter.html").exists()
    code, out, err = run("--lang", "en", "publish", path, "-o", tmp_path / "site2")
    assert "reply.disclosure" in err and not chinese_left(err, (str(path),))


# ---------------------------------------------------------------- in a real browser

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit PNG, its filters undone (no imaging library needed)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data, width = 8, b"", 0
    height = depth = colour = 0
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        chunk = png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            data += chunk
        at += 12 + length
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(data)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i : i + 3]) for r in rows for i in range(0, stride, bpp)]


def test_page_in_headless_chromium(published, tmp_path):
    browser = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    if browser is None:
        pytest.skip("Chromium is not installed (no chromium, chromium-browser or google-chrome on PATH)")
    page = published[3] / "wenzhou-sti-suggestion-393.html"
    shot = tmp_path / "page.png"
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1400"]
    done = subprocess.run(
        [*command, f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert shot.exists(), done.stderr[-2000:]
    width, height, pixels = _pixels(shot.read_bytes())
    assert (width, height) == (1000, 1400)
    dark = sum(1 for p in pixels if max(p) < 110)  # text
    white = sum(1 for p in pixels if min(p) > 250)  # the sheet
    grey = sum(1 for p in pixels if p == b"\xf4\xf4\xf1")  # the page around it
    assert dark > 0.01 * len(pixels), dark  # not blank: lines of text
    assert white > 0.4 * len(pixels) and grey > 0.05 * len(pixels)


def test_publishing_again_adds_to_the_index_and_takes_no_number(letter_file, run, tmp_path):
    """Mid-year: a folder of drafts, some not written yet, and a web folder that already has pages."""
    site = tmp_path / "site"
    first = letter_file(MINIMAL.replace("  date: 2024-06-26\n", "  date: 2024-06-26\n  disclosure: 主动公开\n"))
    assert run("publish", first, "-o", site)[0] == 0
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    second = MINIMAL.replace("393", "394").replace("95号", "96号")
    second = second.replace("  date: 2024-06-26\n", "  date: 2024-06-26\n  disclosure: 主动公开\n")
    (drafts / "b.yaml").write_text(second, encoding="utf-8")
    unwritten = second.replace("394", "395").replace("96号", "97号")
    (drafts / "c.yaml").write_text(
        unwritten.replace("  body:\n", "  body:\n    - 【待填：答复正文】\n"), encoding="utf-8"
    )
    auto = second.replace("394", "396").replace("doc_number: 温科提复〔2024〕96号", "doc_number: auto")
    (drafts / "d.yaml").write_text(auto, encoding="utf-8")
    code, out, err = run("publish", drafts, "-o", site)
    assert code == 0, err
    assert "c.yaml：答复还没有写完" in err and "d.yaml：发文字号是 auto，还没有取号" in err
    assert "未写完 1，未取号 1" in out
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="letter.html">' in index and '<a href="b.html">' in index  # the earlier page still listed
    assert not (site / "c.html").exists() and not (site / "d.html").exists()
    ledger = tmp_path / "ledger.sqlite"  # conftest's own_ledger: the test's DRAFTER_LEDGER
    if ledger.exists():
        from drafter.batch.ledger import Ledger

        with Ledger(ledger) as book:
            assert not [e for e in book.entries() if "396" in (e.item or "")]  # publish took no number


def test_two_letters_of_one_batch_with_one_web_name_are_refused(run, tmp_path):
    """file: a/x and file: b/x in one batch file: refused before anything is written, with or without --force."""
    body = MINIMAL.split("reply:\n", 1)[1].replace(
        "  date: 2024-06-26\n", "  date: 2024-06-26\n  disclosure: 主动公开\n"
    )
    proposal = MINIMAL.split("reply:\n", 1)[0]

    def letter(name: str) -> str:
        return "  - " + (proposal + "reply:\n" + body + f"file: {name}\n").replace("\n", "\n    ").rstrip() + "\n"

    batch = tmp_path / "batch.yaml"
    batch.write_text("letters:\n" + letter("a/x") + letter("b/x"), encoding="utf-8")
    for force in ((), ("--force",)):
        code, _out, err = run("publish", batch, "-o", tmp_path / "site", *force)
        assert code == 2 and "输出文件名相同（x.html）" in err, err
        assert not (tmp_path / "site" / "x.html").exists()


def test_a_folder_with_no_letters_is_said_and_nothing_written(run, tmp_path):
    (tmp_path / "empty").mkdir()
    code, _out, err = run("publish", tmp_path / "empty", "-o", tmp_path / "site")
    assert code == 2 and "这个文件夹里没有 .yaml 文件" in err
    assert not (tmp_path / "site").exists()
