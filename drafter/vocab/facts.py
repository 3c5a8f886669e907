"""How a letter names the item it answers: the session, the item's number and title, its proposers.

Read out of titles, openings and salutations by the importer, printed by the phrases (`item_label`).
"""

from __future__ import annotations

import re

SESSION = re.compile(r"(?:^|在|于|对)(?P<session>[^在于对，。、；：“”《》（）\s]{2,30}?次会议)")
TITLE_NUMBER = re.compile(r"次会议[“\"]?(?:第)?(?P<number>[A-Za-z\u4e00-\u9fff]{0,3}?\d+)号")
OPENING_NUMBER = re.compile(
    r"[（(](?:人大建议|政协建议|政协提案|代表建议|委员提案|建议|提案|编号)?\s*(?:第)?(?P<number>[A-Za-z\u4e00-\u9fff]{0,3}?\d+)号?[）)]"
)
QUOTED_TITLE = re.compile(
    r"《(?P<title>关于[^《》]+?(?:建议|提案|议案|意见))》"  # 《关于提升永嘉“红美人”柑橘产业政策扶持的建议》
    r"|[“\"](?P<plain>关于[^《》“”\"]+?(?:建议|提案|议案|意见))[”\"]"
)
BARE_TITLE = re.compile(r"提出的(?P<title>关于[^，。《》]+?的(?:建议|提案))(?=收悉|已收悉|，|（|$)")
PERSONS = re.compile(
    r"^(?P<names>.+?)(?:(?P<count>两|[二三四五六七八九十\d]+)位|等(?P<many>[二三四五六七八九十\d]+)位|(?P<etc>等))?(?P<role>代表|委员)们?$"
)
PROPOSED_BY = re.compile(r"^(?P<who>[^，。：“”《》]{2,60}?)(?:在[^，。]{0,40}?)?提出的")
REPORT_SALUTATION = re.compile(r"主任.*委员")
SUBJECT = re.compile(r"^关于(?P<subject>.+?)审议意见落实情况的报告$")
SELF_DELEGATE = re.compile(r"我代表(?P<unit>\S{2,12}?(?:人民政府|政府|局|厅|委员会|委))")


def item_label(number: str) -> str:
    """393 → 第393号; 温138 → 温138号; 第0843号 stays; DH0271 → 第DH0271号."""
    text = number.strip()
    if text.endswith("号"):
        return text
    if text.startswith("第"):
        return text + "号"
    if text[:1].isascii():
        return f"第{text}号"
    return text + "号"
