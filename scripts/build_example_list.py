"""Write examples/worklist-2024.xlsx: an invented 交办清单 as a 人大 office sends it, for `drafter new`.

The items, names and units are made up. The sheet has what real lists have: a title row above the header,
a 序号 column beside the 建议号, co-signers in one cell, a header broken over two lines, 主办 / 协办 / 会办
columns, a 办理时限 for some rows only, and a 备注 column drafter new does not use. Run it after changing it:

    python scripts/build_example_list.py
    drafter new --from examples/worklist-2024.xlsx -o 草稿 --bureau wenzhou-sti --session 市十四届人大四次会议
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent.parent / "examples" / "worklist-2024.xlsx"
TITLE = "关于市十四届人大四次会议代表建议的交办清单"
HEADER = ["序号", "建议号", "标题", "领衔代表", "联名代表", "主办单位", "协办单位", "会办单位", "交办日期",
          "办理时限\n（截止日期）", "备注"]  # fmt: skip
ON = dt.datetime(2024, 3, 20)
ROWS = [
    ["关于建设瓯江两岸科创走廊的建议", "郑晓东", "林雅琴、潘立军", "市科技局", "市发展改革委", None, None],
    ["关于扶持中小企业设立研发中心的建议", "苏明远", None, "市经信局", "市科技局", None, dt.datetime(2024, 5, 31)],
    ["关于加快农业科技成果下乡的建议", "黄佩文", "董一帆、夏雨桐，毛建国", "市农业农村局", None,
     "市科技局、市财政局", None],
    ["关于改善老旧小区停车条件的建议", "陈秋实", None, "市住建局", "市交警支队", None, None],
    ["关于提升科技特派员服务质量的建议", "钱雪梅", "方志勇", "温州市科学技术局", None, None,
     dt.datetime(2024, 6, 10)],
    ["关于扩大公办托育服务供给的建议", "叶丹", None, "市卫生健康委", "市教育局", None, None],
]  # fmt: skip


def build(path: Path = OUT) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "代表建议"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for n, (title, lead, cosigners, unit, assist, co, due) in enumerate(ROWS, 1):
        sheet.append([n, 200 + n * 7, title, lead, cosigners, unit, assist, co, ON, due, None])
        for column in ("I", "J"):
            sheet[f"{column}{n + 2}"].number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHIJK", (6, 8, 40, 10, 22, 16, 14, 20, 12, 14, 8), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.creator = "drafter"
    book.properties.created = book.properties.modified = dt.datetime(2024, 3, 20)
    book.save(path)
    return path


if __name__ == "__main__":
    print(build())
