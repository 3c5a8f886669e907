"""The vocabulary of a 公文 reply, in one place: how each part of a letter is written and read back.

The model (parsing what a clerk types), the importer (reading published letters) and the checker (reading any
.docx) all recognise 发文字号, dates, numerals, heading numbers, marks, salutations and the other parts through
these modules, so that what one of them accepts the others accept too. Nothing here knows about files or XML.
"""
