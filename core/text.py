"""Small checks on what people type, and HTML without its indentation."""

import re


def is_ascii_number(text: str) -> bool:
    """Only the digits 0-9. (str.isdigit() is also true of "²" and other scripts' digits, which int() refuses.)"""
    return text.isascii() and text.isdigit()


def in_sentence(name: str) -> str:
    """A role's name inside a sentence: "national leaders of education", but "Teaching Schools Council
    representatives" keeps the council's proper name (a later word with a capital)."""
    first, _, rest = name.partition(" ")
    if any(word[:1].isupper() for word in rest.split()):
        return name
    return " ".join([first.lower(), rest]).strip()


_INDENTATION = re.compile(r"\n\s+")
_SCRIPT = re.compile(r"(<script\b.*?</script>)", re.DOTALL)


def without_indentation(html: str) -> str:
    """HTML (or a template's source) without the indentation and blank lines that start its lines: about a tenth of
    a results page. For markup with no <pre> or <textarea>, where whitespace would matter; inline scripts are left
    exactly as they are, because the Content-Security-Policy allows them by the hash of their text
    (core/security.py)."""
    parts = _SCRIPT.split(html)
    return "".join(part if index % 2 else _INDENTATION.sub("\n", part) for index, part in enumerate(parts))
