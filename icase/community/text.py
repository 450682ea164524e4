"""Single-line text for places where a line break or control character does harm: thread titles
(shown in lists and used as email subjects) and the email subjects themselves.

Email headers may not contain CR or LF (Django raises BadHeaderError and the email is never sent),
and other control or format characters (escape sequences, bidirectional overrides, zero-width
characters) make a subject misleading. Nothing a member types may stop or disguise an email.
"""

import unicodedata

SUBJECT_LENGTH = 150


def is_hidden_character(char):
    """Control, format, private-use, surrogate and unassigned characters: none belongs in a title."""
    return unicodedata.category(char)[0] == "C"


def single_line(text, limit=None):
    """`text` on one line: every run of whitespace, line breaks, control and format characters
    becomes one space; longer than `limit` characters, it is cut at a word and ends with "…"."""
    spaced = "".join(" " if is_hidden_character(char) else char for char in str(text or ""))
    line = " ".join(spaced.split())
    if limit is None or len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def collapse_whitespace(text):
    """Line breaks, tabs and repeated spaces (any Unicode whitespace) become single spaces."""
    return " ".join(str(text or "").split())
