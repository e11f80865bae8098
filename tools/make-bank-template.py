#!/usr/bin/python3
"""Writes question-banks/templates/bank-template.xlsx, the workbook bank authors fill in.

Written with openpyxl rather than Craftmark's own writer, so that the shipped template is also a
workbook made by another program, which the import test reads. Run it again after changing the
columns; `craftmark bank import` reads the result.
"""
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

HEADINGS = [
    ("编号 ID", "可空：留空时用“文件名-行号” / optional: default FILE-ROW"),
    ("题型 Type", "单选 多选 判断 填空 数值 匹配 简答 说明 (or single_choice … description)"),
    ("标题 Title", "可空 / optional"),
    ("题干 Stem", "必填 / required"),
    ("选项A Option A", "选择题的选项；匹配题写“前提 -> 答案”，干扰项写“-> 答案” / "
     "choices; for matching \"premise -> response\", a distractor \"-> response\""),
    ("选项B Option B", ""),
    ("选项C Option C", ""),
    ("选项D Option D", ""),
    ("选项E Option E", ""),
    ("选项F Option F", "最多到选项H / up to Option H"),
    ("答案 Answer", "单选 B；多选 ABD 或 A、B、D；判断 对/错；填空 欧姆|Ω；数值 230±5 或 220..240；"
     "简答：参考答案 / B; ABD; 对/错 (T/F); alternatives with |; 230±5 or 220..240; essay: model answer"),
    ("分值 Points", "默认 1（说明 0）/ default 1 (description 0)"),
    ("难度 Difficulty", "易 中 难 (easy medium hard)；默认 中"),
    ("知识点 Knowledge point", "蓝图按知识点抽题 / blueprints draw by it"),
    ("解析 Explanation", "考后复查时显示 / shown in review"),
    ("分类 Category", "用 / 分层：电工/安全 / levels separated by /"),
    ("标签 Tags", "用逗号分隔 / comma-separated"),
    ("图片 Figures", "图片文件名，逗号分隔；文件放在本表格旁，或用 --media 指定文件夹或 zip / "
     "figure file names, comma-separated; the files beside this workbook, or "
     "in the folder or zip --media names"),
    ("评分要点 Rubric", "简答题：每行一个要点，末尾写分值，如“切断电源 (2)” / "
     "essay: one key point a line, its marks at the end"),
    ("计分 Scoring", "多选、匹配：全对 或 部分 / all_or_nothing or partial"),
    ("选项乱序 Shuffle", "否 = 选项按原顺序 / 否 keeps the options in order"),
    ("题干格式 Stem format", "plain（默认）markdown html moodle"),
]

EXAMPLES = [
    ["", "单选", "", "电流的单位是（ ）。", "伏特", "安培", "欧姆", "瓦特", "", "", "B", 2, "易",
     "电工基础", "电流的国际单位是安培（A）。", "电工/基础", "单位", "", "", "", "", ""],
    ["", "多选", "", "下列属于导体的是（ ）。", "铜", "铝", "橡胶", "铁", "", "", "ABD", 3, "中",
     "电工基础", "", "电工/基础", "", "", "", "部分", "", ""],
    ["", "判断", "", "保护接地线可以使用红色导线。", "", "", "", "", "", "", "错", 1, "易",
     "安全用电", "保护接地线应为黄绿双色。", "电工/安全", "", "", "", "", "", ""],
    ["", "填空", "", "电阻的单位是____。", "", "", "", "", "", "", "欧姆|Ω", 1, "易",
     "电工基础", "", "电工/基础", "", "", "", "", "", ""],
    ["", "数值", "", "我国居民用电的额定电压是多少伏？", "", "", "", "", "", "", "220±11", 2, "中",
     "供配电", "", "电工/基础", "", "", "", "", "", ""],
    ["", "匹配", "", "把物理量和单位配对。", "电压 -> 伏特", "电流 -> 安培", "电阻 -> 欧姆",
     "-> 瓦特", "", "", "", 3, "中", "电工基础", "", "电工/基础", "", "", "", "部分", "", ""],
    ["", "简答", "", "简述发现有人触电时的处理步骤。", "", "", "", "", "", "", "先切断电源，再进行心肺复苏。",
     5, "难", "触电急救", "", "电工/安全", "", "", "切断电源或使触电者脱离电源 (2)\n判断意识和呼吸 (1)\n"
     "心肺复苏并呼救 (2)", "", "", ""],
]


def main():
    book = Workbook()
    bank = book.active
    bank.title = "题库 Bank"
    bold = Font(bold=True)
    for column, (heading, _) in enumerate(HEADINGS, start=1):
        cell = bank.cell(row=1, column=column, value=heading)
        cell.font = bold
        bank.column_dimensions[cell.column_letter].width = 30 if column in (4, 11, 19) else 14
    for row in EXAMPLES:
        bank.append(row)
        for cell in bank[bank.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    bank.freeze_panes = "A2"
    types = DataValidation(type="list", formula1='"单选,多选,判断,填空,数值,匹配,简答,说明"',
                           allow_blank=True)
    bank.add_data_validation(types)
    types.add("B2:B5000")

    notes = book.create_sheet("填写说明 Instructions")
    notes.append(["列 Column", "填写说明 How to fill it in"])
    for cell in notes[1]:
        cell.font = bold
    for heading, note in HEADINGS:
        notes.append([heading, note])
    notes.append([])
    notes.append(["导入 Import", "craftmark bank import bank-template.xlsx --id 题库编号；"
                  "有错的行会逐行报告（第 14 行 答案列 …），全部改正前不导入，"
                  "或加 --skip-bad-rows 只导入正确的行 / rows in error are reported and nothing "
                  "is imported until they are fixed, unless --skip-bad-rows"])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 110

    out = pathlib.Path(__file__).resolve().parent.parent / "question-banks/templates/bank-template.xlsx"
    book.save(out)
    print(out.relative_to(pathlib.Path.cwd()) if out.is_relative_to(pathlib.Path.cwd()) else out)


if __name__ == "__main__":
    main()
