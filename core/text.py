"""Small checks on what people type."""


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
