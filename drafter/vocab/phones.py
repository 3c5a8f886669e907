"""Telephone, mobile and fax numbers as Chinese letters print them, and the labels in front of them.

The web copy of a reply (drafter publish) takes them out (国办发〔2014〕46号: no personal telephone numbers
on a public page). The patterns are tight at both ends so that 发文字号, dates, 第393号, amounts and years
are never taken for a number: a local number stands alone (no digit, 〔, / or . beside it) and is not
followed by a unit (元, 万, 年, 号, 项, %, …).
"""

from __future__ import annotations

import re

_DASH = r"[-－—‐ ]?"
_AREA = rf"(?:[（(]0\d{{2,3}}[）)]{_DASH}|0\d{{2,3}}{_DASH})"  # (0577) 0577- 0577
_LOCAL = r"[2-9]\d{6,7}"  # 88889999, 8888999
_GROUPED = r"[2-9]\d{2,3}[-－ ]?\d{4}"  # 8888 9999 after an area code
_EXT = r"(?:(?:转|-|－)\d{1,5})?"  # 0577-88889999转8012
_MOBILE = r"1[3-9]\d(?:[-－ ]?\d{4}){2}"  # 13800000000, 138 0000 0000, 138-0000-0000
_COUNTRY = r"(?:\+|＋|00)86[-－ ]?"
_SERVICE = r"[48]00[-－ ]?\d{3}[-－ ]?\d{4}"  # 400-123-4567
DIALLED = (  # a number that can only be a telephone's: a mobile, an area or country code, a service line
    rf"(?:(?:{_COUNTRY})?{_MOBILE}|{_COUNTRY}[（(]?0?\d{{2,3}}[）)]?{_DASH}{_GROUPED}{_EXT}"
    rf"|{_AREA}{_GROUPED}{_EXT}|{_SERVICE})"
)
NUMBER = rf"(?:{DIALLED}|{_LOCAL}{_EXT})"  # also a bare local number (88889999), which may be an amount
_BEFORE = r"(?<![\d〔\[/.．A-Za-z])"
_AFTER = r"(?![\d.．/%％〕\]A-Za-z]|\s*[元万亿千百年月日号个家项人次份条件倍岁米吨度])"
PHONE = re.compile(_BEFORE + NUMBER + _AFTER)  # one number
MOBILE = re.compile(rf"(?<![\d-]){_MOBILE}(?![\d-])")  # a personal mobile number (check: not on a public letter)

LABELS = ("联系电话", "办公电话", "咨询电话", "联系方式", "电话", "手机", "传真", "电 话", "手 机", "传 真")
_LABEL = "|".join(re.escape(word).replace(r"\ ", r"\s*") for word in LABELS)
_SEP = r"\s*[，,、；;/或和及]\s*"
# a label with its numbers (联系电话：0577-88889999，13800000000), or numbers with no label
_LABELS = rf"(?:(?:{_LABEL})\s*[：:]?\s*)?"
_CHAIN = rf"(?:{_SEP}{_LABELS}{PHONE.pattern})*"  # 0577-88889999，88889999: the numbers after the first
LABELLED = re.compile(rf"{_LABELS}{PHONE.pattern}{_CHAIN}")  # in a contact line any number is a telephone's
# in running text a bare local number (3500000平方米, 2300000户) is a telephone's only under a label
IN_TEXT = re.compile(rf"(?:(?:{_LABEL})\s*[：:]?\s*{PHONE.pattern}|{_LABELS}{_BEFORE}{DIALLED}{_AFTER}){_CHAIN}")
CONTACT_NAME = re.compile(
    r"(?P<label>联系人|经办人|联\s*系\s*人)\s*[：:]\s*(?P<name>[\u4e00-\u9fff·]{2,6}?)(?=$|[\s，,；;。、）)]|联系|电话|手机)"
    r"|(?P<unit>联系单位及联系人|联系处室及联系人)\s*[：:]\s*\S+\s+(?P<name2>[\u4e00-\u9fff·]{2,6})(?=$|[\s，,；;。）)])"
)  # the contact person's name: 联系人：项秋霞 / 联系单位及联系人：省科技厅法规处 蔡建军
CONTACT_LABEL = re.compile(rf"联系单位及联系人|联系处室及联系人|联\s*系\s*人|经办人|{_LABEL}")


def has_phone(text: str) -> bool:
    return PHONE.search(text) is not None


def without_phones(text: str, contact: bool = False) -> str:
    """`text` with every telephone number gone, with its label, and the punctuation around it tidied.

    In a contact line every number is taken; in the body a bare local number only under a label.
    """
    out = (LABELLED if contact else IN_TEXT).sub("", text)
    return tidy(out) if out != text else text


def tidy(text: str) -> str:
    """Separators left doubled or dangling where something was cut: ，，  ，。  （，  ：）  ()"""
    text = re.sub(r"[ \t]*([，,、；;])(?:\s*[，,、；;])+", r"\1", text)
    text = re.sub(r"[，,、；;:：]\s*([。）)”])", r"\1", text)
    text = re.sub(r"([（(“])\s*[，,、；;]\s*", r"\1", text)
    text = re.sub(r"[（(]\s*[）)]", "", text)
    text = re.sub(r"^\s*[，,、；;]\s*|[，,、；;]\s*$", "", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip(" \t")


def is_bare_label(text: str) -> bool:
    """A line left with nothing but its labels and punctuation (联系电话：, （联系人）): dropped from the web copy."""
    return not any(ch.isalnum() for ch in CONTACT_LABEL.sub("", text))
