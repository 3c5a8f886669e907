"""How the parts of a reply around its body are written: marks, 签发人, title, salutation, opening, closing,
contact lines, signing-block lines, 附件, 抄送 / 报 / 抄报, 印发, and the placeholders of a form not filled in.

Patterns match one line whose white space at both ends is stripped and whose , : ( ) beside Chinese are
full-width; labels may be letter-spaced (抄 送：, 签 发 人：) as printed letters space them.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- marks above the title (GB/T 9704 §7.2)

ISSUER = re.compile(r"签\s*发\s*人\s*[：:]\s*(?P<name>\S+)")
ISSUER_LABEL = "签发人："
RESULT = re.compile(
    r"^(?:类\s*别|办复类别|办理结果类别|办理结果|答复类别|办理类别|结果类别)\s*[：:]\s*[（(]?(?P<value>[A-D甲乙丙丁]\d?)类?[）)]?$"
    r"|^[（(]?(?P<bare>[A-D甲乙丙丁]\d?)\s*类[）)]?$"
)
DISCLOSURE = re.compile(
    r"^[（(]?\s*(?:此件|此文|本件)?(?P<a>公开发布|主动公开|依申请公开|不予公开|同意公开|不同意公开)\s*[）)]?$"
    r"|^(?:公开方式|公开属性|信息公开|公开类型|是否同意公开)\s*[：:]\s*(?P<b>主动公开|依申请公开|不予公开|同意公开|不同意公开|同意|不同意)$"
    r"|^注\s*[：:]\s*[“\"]?(?P<c>主动公开|依申请公开|不予公开)[”\"]?。?$"
)
DISCLOSURE_VALUE = {
    "公开发布": "主动公开",
    "同意公开": "主动公开",
    "同意": "主动公开",
    "不同意公开": "不予公开",
    "不同意": "不予公开",
}
KIND_MARK = re.compile(r"^类\s*别\s*[：:]\s*(?P<kind>建议|提案)$")  # 类别：提案, where a class mark would stand
ITEM_FIELD = re.compile(
    r"^(?P<label>新编号|原编号|编\s*号|建议号|提案号|代表姓名|委员姓名|提\s*案\s*人|提\s*出\s*人|领\s*衔\s*人|联\s*名\s*人|"
    r"附\s*议\s*人|主办单位|协办单位|会办单位|承办单位|事\s*由|案\s*由|题\s*目|内\s*容|建议内容|提案内容|交办日期|办理时限|"
    r"办理情况|答复情况)\s*[：:]\s*(?P<value>.*)$"
)  # the 建议办理单's fields printed above the letter: they state the proposal's facts
ITEM_FACT = {
    "新编号": "number", "原编号": "number", "编号": "number", "建议号": "number", "提案号": "number",
    "代表姓名": "proposers", "委员姓名": "proposers", "提案人": "proposers", "提出人": "proposers",
    "领衔人": "proposers", "事由": "title", "案由": "title", "题目": "title",
}  # fmt: skip
COPY_NUMBER = re.compile(
    r"^(?:份\s*号\s*[：:]?\s*)?\d{6}$|^(?:密\s*级|秘\s*密\s*等\s*级)\s*[：:]|^(?:绝密|机密|秘密)(?:★.*)?$"
)  # 份号 and 密级 (GB/T 9704 §7.2.1, §7.2.2)


MARK_WORD = re.compile(
    r"(?P<result>(?<![A-Za-z])[A-D甲乙丙丁]\d?\s*类)|(?P<disclosure>不同意公开|同意公开|主动公开|依申请公开|不予公开|公开发布)"
    r"|签\s*发\s*人\s*[：:]\s*(?P<issuer>[\u4e00-\u9fff·]{2,6})"
)  # marks printed on the 发文字号's line, with or without spaces between them: 60号  B类  同意公开


def marks_in(text: str) -> tuple[str | None, str | None, str | None, str]:
    """(result class, disclosure, 签发人, what is left) of the marks a line carries after its 发文字号."""
    result = shown = issuer = None
    left = []
    at = 0
    for match in MARK_WORD.finditer(text):
        left.append(text[at : match.start()])
        at = match.end()
        if match["result"] and result is None:
            result = re.sub(r"\s|类", "", match["result"])
        elif match["disclosure"] and shown is None:
            shown = DISCLOSURE_VALUE.get(match["disclosure"], match["disclosure"])
        elif match["issuer"] and issuer is None:
            issuer = match["issuer"]
        else:
            left.append(match.group(0))
    left.append(text[at:])
    return result, shown, issuer, "".join(left).strip()


def disclosure(text: str) -> str | None:
    """主动公开 / 依申请公开 / 不予公开 from a disclosure mark as printed; None when the text is none."""
    match = DISCLOSURE.match(text)
    if not match:
        return None
    value = match["a"] or match["b"] or match["c"]
    return DISCLOSURE_VALUE.get(value, value)


def result_class(text: str) -> str | None:
    """B from 类别：B, B类, （B）; None when the text is no result-class mark."""
    match = RESULT.match(text)
    return (match["value"] or match["bare"]) if match else None


# ---------------------------------------------------------------- title

GENRE_END = ("答复", "答复函", "复函", "的函", "意见", "报告", "回复", "答复书", "意见函", "办理情况", "办理单")
OTHER_GENRES = ("通知", "通报", "请示", "批复", "决定", "决议", "纪要", "公告", "通告", "公报", "命令", "议案", "函")
# the other 文种 of GB/T 9704 (§8): a Word file may hold any of them
GENRES = ("答复函", "答复", "复函", "回复", "意见函", "意见")
TITLE_START = re.compile(
    r"^\S{4,40}?号(?:建议|提案)办理单$|^(?:关于|对|《关于)|^\S{2,30}?关于\S+(?:答复|复函|的函|意见|报告|回复)$|^\S{2,40}?(?:建议|提案)\S{0,6}办理情况(?:报告)?$"
)
# 国务院关于调整……: the first line of a title that a unit's name begins
OTHER_TITLE_START = re.compile(r"^[^，。；：！？\s]{2,30}?关于[^，。；！？]*$")
TITLE_CLASS = re.compile(r"[（(](?P<value>[A-D]\d?)类?[）)]$")  # …的答复（B）: a class mark at the title's end
TITLE_CONTINUES = ("的", "于", "和", "及", "与", "、", "第", "会议", "号", "对")
UNIT_END = (
    "局", "厅", "委", "办", "办公室", "政府", "委员会", "院", "部", "署", "中心", "街道", "镇", "乡", "会", "社",
    "处", "所", "站", "馆", "公司", "团", "联", "队", "文件",
)  # fmt: skip
PUNCTUATION = re.compile(r"[，。；：！？、“”《》（）,.;:!?()]")

# ---------------------------------------------------------------- salutation, opening, closing

SALUTATION_NOT = re.compile(
    r"^(?:签\s*发\s*人|附\s*件|抄\s*送|抄\s*报|联\s*系|类\s*别|办复类别|公开|注|承\s*办|主\s*送|报\s*[：:]|"
    r"单位负责人|领导签|审\s*核|经\s*办|事\s*由|主办单位|协办单位|建议内容|提案内容|内\s*容|代表姓名|提\s*案\s*人|领\s*衔)"
)
HONORIFIC = "尊敬的"
GREETING = re.compile(r"^(?:您好|你好|你们好|您们好)[！!。，,]?$")
GREETING_AFTER = re.compile(r"(?:[，,]\s*)?(?:您好|你好|你们好|您们好)[！!。，,：:]?$")  # 尊敬的于广海委员您好：
ROLE_END = re.compile(r"(?:代表|委员|代表们|委员们)$")
SENTENCE_MARK = re.compile(r"[。，；！？]")  # a line holding one is a sentence, not a name or a label
OPENING = re.compile(
    r"收悉|答复如下|报告如下|函告如下|说明如下|回复如下|现将.{0,30}如下|请予审议|已交由?我.{0,4}办理|已转交|"
    r"提出的.{0,80}(?:建议|提案|意见)(?:》|”)?(?:已|由|交)|现提出协办意见"
)
CLOSING = re.compile(
    r"^(?:最后[，,]|再次|感谢|衷心感谢|非常感谢|特此|专此|此复|谨此|以上答复|以上意见|以上报告|欢迎|如有不妥|对以上答复|"
    r"请.{0,30}(?:填写|反馈|批评指正)|希望.{0,12}(?:继续|一如既往)|此致|敬礼)"
)
CLOSING_INSIDE = re.compile(
    r"(?<=[。！？])(?=(?:感谢您|衷心感谢|非常感谢|再次感谢|特此|专此|此复|以上答复)[^。！？]{0,60}[。！？]?$)"
)  # the thanks a last paragraph ends with
SALUTE = ("此致", "敬礼！", "敬礼!", "敬礼")  # 此致 / 敬礼！ (a letter's formal close)

# ---------------------------------------------------------------- after the body

CONTACT = re.compile(
    r"^[（(]?\s*(?:单位联系电话|单位联系人|联\s*系\s*人|联系单位|联系电话|联系方式|联\s*系\s*电\s*话|电\s*话|手\s*机|承\s*办\s*(?:责\s*任\s*)?人|承办单位|"
    r"具体经办人|经\s*办\s*人|责任人|主管领导|分管领导|办理人|承办负责人|承办科室|邮政编码|邮\s*编|传\s*真|地\s*址|"
    r"主要签发领导|签\s*发\s*领\s*导|领导签发|单位负责人|领导签字|审\s*核\s*人|审\s*核|承办人员|分管副局长|局\s*领\s*导)"
)  # lines a bureau adds for the deputy to reach it, and the signing block of who approved and who wrote
APPROVAL = re.compile(r"^(?:本|此)(?:答?复函?|答复|件)(?:已)?经.{0,30}(?:审[定签核批]|签发)")  # 此复函已经…审签
RECEIPT = re.compile(r"回执|征询意见表")

ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(\d*)$")
ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[：:]\s*(?:1\s*[.．、]\s*)?(?P<title>.+)$")
ATTACHMENT_MORE = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?P<title>\S.*)$")
ATTACHMENT_EMPTY = re.compile(r"^附\s*件\s*[：:]?$")  # a bare 附件： label a web page left behind
CC_START = re.compile(r"^(?:抄\s*送|抄\s*报|报\s*送|报\s*[：:])")  # a 版记 line as begun, label misspelt or colon lost
CC_LABEL = re.compile(r"^(?:抄\s*送|抄\s*报|报\s*送|报|主\s*送|分\s*送)\s*[：:]")  # the labels of 版记 lines
PRINTED = re.compile(r"^(?:(?P<unit>.+?)\s+)?(?P<date>\S+?年\S+?月\S+?日)\s*印\s*发$")

# ---------------------------------------------------------------- what a form leaves to be filled in

DRAFT_BODY = "【待填：答复正文】"  # the body of a draft drafter new writes; render refuses it until replaced
TO_FILL = "【待填"  # how every such stand-in begins (drafter new's body, the wizard preview's 【待填：标题】)

PLACEHOLDER = re.compile(
    # 〔此处加盖印章〕, 〔此处加盖红色印章〕
    r"[〔\[【(（]\s*此\s*处\s*(?:加\s*)?盖\s*(?:红\s*色\s*)?(?:单\s*位\s*)?(?:公\s*)?(?:印\s*)?章?\s*[〕\]】)）]"
    r"|[〔\[【(（]\s*(?:盖\s*章|公\s*章|印\s*章)(?:处)?\s*[〕\]】)）]"
    r"|\[[\u4e00-\u9fff]{2,10}\]"  # [发文单位], [主送单位], [日期]: Chinese text never uses [ ]
    r"|【待填[^】]*】"  # what the wizard's preview shows for a field not yet filled
    r"|\{\{.*?\}\}"
    r"|(?<![\u4e00-\u9fff])[XＸ×]{2,}(?:单位|局|委|办|县|市|区|同志|代表|委员)"
    r"|20(?=[\d年月\s]{0,8}[XＸx×])[\dXＸx×]{2}\s*年\s*[XＸx×\d]{1,2}\s*月\s*[XＸx×\d]{1,2}\s*日"  # 202X年X月X日
)
SEAL = re.compile(
    r"^[〔\[【(（]?\s*(?:此\s*处\s*)?(?:加\s*)?盖\s*(?:红\s*色\s*)?(?:单\s*位\s*)?(?:公\s*)?(?:印\s*)?章\s*(?:处)?\s*[〕\]】)）]?$"
)


# ---------------------------------------------------------------- kinds with a format of their own

ORDER_NUMBER = re.compile(r"^第\s*[\d〇一二三四五六七八九十百千]+\s*号$")  # under a 命令's title (GB/T 9704 §10.2)
OWN_FORMAT = (("令", "命令"), ("纪要", "纪要"))  # how the letterhead or title ends → the kind (§10.2, §10.3)


def is_placeholder(text: str) -> bool:
    """A line, or part of one, that a form leaves to be filled in (not the letter's words)."""
    return bool(PLACEHOLDER.search(text))


def is_seal(text: str) -> bool:
    """〔此处加盖印章〕, （盖章）: where the seal goes; never the signer."""
    return bool(SEAL.match(text.strip()))
