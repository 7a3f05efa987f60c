"""Small checks on what people type."""


def is_ascii_number(text: str) -> bool:
    """Only the digits 0-9. (str.isdigit() is also true of "²" and other scripts' digits, which int() refuses.)"""
    return text.isascii() and text.isdigit()
