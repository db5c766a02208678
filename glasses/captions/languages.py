"""Language names for the HUD and the wearer's words ("translate from French")."""

from __future__ import annotations

NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "fi": "Finnish", "da": "Danish",
    "no": "Norwegian", "pl": "Polish", "cs": "Czech", "ru": "Russian", "uk": "Ukrainian",
    "el": "Greek", "tr": "Turkish", "ar": "Arabic", "he": "Hebrew", "hi": "Hindi",
    "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese", "th": "Thai",
    "id": "Indonesian", "hu": "Hungarian", "ro": "Romanian", "ca": "Catalan",
}
ALIASES = {"mandarin": "zh", "cantonese": "zh", "castilian": "es", "brazilian": "pt", "farsi": "fa",
           "persian": "fa", "flemish": "nl"}


def name(code: str) -> str:
    return NAMES.get(code, code.upper() if code else "?")


def code_for(words: str) -> str | None:
    """The code for a language the wearer named ("French", "from spanish"), or None."""
    key = " ".join(words.lower().replace("from", " ").split())
    for code, label in NAMES.items():
        if key == label.lower() or key == code:
            return code
    return ALIASES.get(key)


def title(task: str, language: str, via: str = "") -> str:
    """The HUD title: "French → English" when translating ("French → English · via HOST" when the
    wearer's engine at HOST translated), "Captions" (with the language when it is not English)
    when captioning."""
    if task == "translate":
        head = f"{name(language)} → English" if language else "→ English"
        return f"{head} · via {via}" if via else head
    return "Captions" if language in ("", "en") else f"Captions · {name(language)}"
