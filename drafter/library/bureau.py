"""A bureau's settings (`bureau.yaml`): what its letters say unless a letter says otherwise.

The same model reads the base library's `bureau.yaml` (the house defaults) and each bureau's; the
effective settings are the bureau's over the base's, key by key, so a fix to the base reaches every
bureau that does not override that key.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from drafter.i18n import _
from drafter.letter.model import ContactPosition, Disclosure, Kind, Line, Omit, Strict

SERIES = ("答复", "会办")  # 代字 series: replies, and 会办/协办 opinions to a lead unit


class ResultClassMark(Strict):
    """The 办理结果类别 (A / B / C …): the values a letter may give, what each prints, and where."""

    position: Literal["top_left", "title_right", "after_doc_number", "none"] = "top_left"
    labels: dict[Line, Line] = {}


class DisclosureMark(Strict):
    """The 公开属性: the wording printed for each value, and where (附注 under the date, or top-left)."""

    position: Literal["note", "top_left", "none"] = "note"
    wording: dict[Disclosure, Line] = {}


class IssuerMark(Strict):
    """签发人: on its own line top-left, or on the 发文字号 line."""

    position: Literal["top_left", "doc_number_line", "none"] = "top_left"
    label: Line = "签发人："


class Marks(Strict):
    result_class: ResultClassMark = ResultClassMark()
    disclosure: DisclosureMark = DisclosureMark()
    issuer: IssuerMark = IssuerMark()


class Margins(Strict):
    """页边距 in millimetres (the base: 37, 35, 28, 26); a side left out keeps the template's."""

    top: float | None = Field(default=None, ge=10, le=80)
    bottom: float | None = Field(default=None, ge=10, le=80)
    left: float | None = Field(default=None, ge=10, le=80)
    right: float | None = Field(default=None, ge=10, le=80)


class HouseStyle(Strict):
    """Where a bureau's letters deviate from the house style of its template .docx.

    The renderer writes them into the template (drafter.ooxml.housestyle) and `drafter check --bureau` expects them,
    so a bureau can, say, set 28 pt lines or bold level-2 headings without editing a .docx in Word.
    """

    line_pitch: float | None = Field(default=None, ge=20, le=40)  # points: the base is 28.95 (22 lines a page)
    bold_headings: list[Annotated[int, Field(ge=1, le=4)]] | None = (
        None  # heading levels set in bold (一、 （一） 1. （1）)
    )
    margins: Margins | None = None


class Publish(Strict):
    """How the bureau's replies go on its website (drafter publish)."""

    disclosure: Disclosure | None = None  # a letter's 公开属性 when it states none
    hide_contact_name: bool = False  # the contact person's name is taken out too, not only the numbers


class Bureau(Strict):
    """One bureau's library settings; in the base every field is a house default and `name` is absent."""

    name: Line | None = None  # full name: signs the letter, names the bureau in the text
    short_name: Line | None = None  # 发文机关标志 (letterhead); the full name when absent
    aliases: list[Line] = []  # other names lists use for it (市科技局): drafter new matches the 交办清单 by these too
    format: Literal["信函", "文件"] | None = None
    genre: Line | None = None  # 文种 in the title: 答复函 / 答复 / 复函
    series: dict[str, Line] = {}  # 代字 per series: 答复 → 温科提复, 会办 → 温科提函
    signer: Omit | None = None
    contact: list[Line] | None = None
    contact_position: ContactPosition | None = None
    cc: dict[Kind, list[Line]] = {}  # 抄送 defaults per kind of proposal
    date_style: Literal["arabic", "chinese"] | None = None
    printer: Omit | None = None
    feedback_form: bool | None = None
    words: dict[str, Line] = {}  # the bureau's fixed wording, for its phrase templates: words.website …
    marks: Marks = Field(default_factory=Marks)
    ledger: Line | None = None  # the number ledger's file; relative to the bureau's folder, or a full path
    house_style: HouseStyle = Field(default_factory=HouseStyle)
    publish: Publish = Field(default_factory=Publish)

    @field_validator("series")
    @classmethod
    def _series(cls, value: dict[str, str]) -> dict[str, str]:
        from pydantic_core import PydanticCustomError

        for key in value:
            if key not in SERIES:
                raise PydanticCustomError(
                    "series", _("代字系列只能是 {names}，不认识“{key}”"), {"names": "、".join(SERIES), "key": key}
                )
        return value


def _pruned(data: Any) -> Any:
    """An empty value (`genre:` or `genre: null`) in a bureau's file means: as the base says."""
    if isinstance(data, dict):
        return {k: _pruned(v) for k, v in data.items() if v is not None}
    return data


REPLACED = ("labels", "wording")  # a vocabulary is the bureau's own, not added to the base's


def merged(base: Bureau, own: Bureau) -> Bureau:
    """The bureau's settings over the base's: a key the bureau sets wins, mappings merge key by key."""

    def merge(low: Any, high: Any, key: str = "") -> Any:
        if isinstance(low, dict) and isinstance(high, dict) and key not in REPLACED:
            out = dict(low)
            for k, v in high.items():
                out[k] = merge(low[k], v, k) if k in low else v
            return out
        return high

    data = merge(base.model_dump(exclude_unset=True), _pruned(own.model_dump(exclude_unset=True)))
    return Bureau.model_validate(data)
