"""What the C++ generators share: names and doc comments as the hand-written headers write them."""

import re
import textwrap

NS = "::vitec::connect"

CPP_KEYWORDS = set(
    """alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
    char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
    co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
    extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
    nullptr operator or or_eq private protected public register reinterpret_cast requires return
    short signed sizeof static static_assert static_cast struct switch template this thread_local
    throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
    xor xor_eq""".split())

COLLECTION = "Collection of "


def snake_case(name):
    """`GDPRApprovalDate` -> `gdpr_approval_date`; a C++ keyword gets the suffix `_value`
    (`switch_value`: a trailing underscore is what the naming rules keep for private members)."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    if not s or s[0].isdigit():
        s = "v_" + s
    return s + "_value" if s in CPP_KEYWORDS else s


def doc(text, prefix="/// "):
    """A Doxygen comment of the page's description, wrapped (URLs kept whole); backslashes, @ and
    a # starting a word escaped so that Doxygen does not read them as commands or links."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    text = text.replace("\\", "\\\\").replace("@", "\\@")
    text = re.sub(r"(^|\s)#", r"\1\\#", text)  # "#41941" is no link to a member
    lines = textwrap.wrap(text, 96 - len(prefix), break_long_words=False, break_on_hyphens=False)
    return "\n".join(prefix + line for line in lines) + "\n"
