"""Text that people type: what may be stored and printed.

One rule for every entry point (forms, imports, the command line): control characters and lone
surrogates are refused, because documents cannot hold them and a terminal would act on them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from models.errors import LakipError

# C0 and C1 controls (U+009B is a terminal CSI) and lone surrogates (not storable as UTF-8)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# A Unix account name as useradd accepts it, portable: no space, '/', or control character.
_ACCOUNT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")

CONTROL_MESSAGE = (
    "berisi karakter kendali yang tidak dapat dicetak (mungkin tersalin dari program lain); "
    "ketik ulang teks itu."
)


class TextError(LakipError, ValueError):
    """Text that cannot be stored; the message is Indonesian."""


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """Text as typed, trimmed; control characters (which documents cannot hold) refused."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number in a spreadsheet: 3.0 -> "3"
    text = unicodedata.normalize("NFC", str(value))
    if not multiline:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\t", "    ")
    if _CONTROL.search(text):
        raise TextError(CONTROL_MESSAGE)
    return text.strip() if not multiline else text.rstrip()


def checked(label: str, value: str, *, multiline: bool = True) -> str:
    """``clean_text`` for one named value, with the name in the message."""
    try:
        return clean_text(value, multiline=multiline)
    except TextError as exc:
        raise TextError(f"{label} {exc}") from None


def shown(value: str) -> str:
    """``value`` quoted in a message with every unprintable character (escape sequences, bidi
    controls) written as ``\\u001b``, so that quoting it can neither act on a terminal nor
    reorder the message."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)


def account_name(value: str) -> str:
    """A Unix account name to register, else ``TextError`` saying what is wrong with it."""
    if not value.strip():
        raise TextError("Nama akun kosong; tulis nama akun Unix, mis. staf1.")
    if not _ACCOUNT.fullmatch(value):
        raise TextError(
            f"Nama akun '{shown(value)}' tidak sah: nama akun Unix terdiri dari huruf, angka, "
            "titik, garis bawah dan tanda minus saja (tanpa spasi, '/', atau karakter kendali), "
            "paling banyak 32 karakter, tidak diawali '-' atau '.'."
        )
    return value
