"""生成文字: the report's narrative from its tables and particulars.

    generate_text(report, previous=None) -> {text field key: cell content}
        What the 生成文字 button and `nianbao narrate` write into the text.* cells: the
        clerk's paragraphs kept, the program's (marked 【自动生成】) refreshed.
    finished_text(report, previous=None) -> {text field key: [paragraph, …]}
        What the finished report prints: the text as it stands, marks removed (only a field
        left wholly empty gets generated text).
    placeholders(paragraph) -> the 【请填写：…】 placeholders left in it.

Pure Python + Jinja2 (templates in nianbao/templates/narrative/*.j2). The rule that keeps
the clerk's edits is documented in generate.py.
"""

from __future__ import annotations

from nianbao.narrative.generate import (
    GENERATED_MARK,
    PROMPT_START,
    finished_text,
    generate_text,
    is_generated,
    is_prompt,
    placeholders,
)

__all__ = [
    "GENERATED_MARK",
    "PROMPT_START",
    "finished_text",
    "generate_text",
    "is_generated",
    "is_prompt",
    "placeholders",
]
