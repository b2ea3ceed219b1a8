"""Reading forms out of any workbook: our templates by their defined names, foreign county
layouts by their header rows. One module a step, following the data:

- :mod:`~addin.reader.vocabulary` — the words understood (``addin/reader/vocabulary/*.toml``);
- :mod:`~addin.reader.sheet` — one sheet's cells as text, merged ranges, labels;
- :mod:`~addin.reader.headers` — header bands (one or more rows) → column map, tables;
- :mod:`~addin.reader.roles` — column roles checked against their cells, a confidence each;
- :mod:`~addin.reader.rows` — each row: indicator, placeholder, subtotal, total, footer, notes;
- :mod:`~addin.reader.blocks` — title, header fields, goal, plan, written totals;
- :mod:`~addin.reader.funding` — the funding block;
- :mod:`~addin.reader.details` — 专项资金预算明细 and 基础数据表;
- :mod:`~addin.reader.forms` — forms (pydantic) out of it all;
- :mod:`~addin.reader.report` — the reading report (``jixiao inspect``) and what was not read;
- :mod:`~addin.reader.teaching` — the user's vocabulary file (``jixiao vocab``).
"""

from addin.reader.forms import read_forms, read_forms_and_gaps, read_sheet
from addin.reader.report import read_report, unread_fields
from addin.reader.sections import is_goal_label
from addin.reader.vocabulary import column_field, funding_column

__all__ = [
    "column_field",
    "funding_column",
    "is_goal_label",
    "read_forms",
    "read_forms_and_gaps",
    "read_report",
    "read_sheet",
    "unread_fields",
]
