"""`drafter check`: any .docx against the house style, and its wording linted.

reader (the .docx as Word sees it) → anatomy (which paragraph is the title, the date, the 版记 …) →
format rules and wording rules → findings. `--render` adds the rules that need a page layout.
"""
