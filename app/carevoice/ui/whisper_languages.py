"""Whisper's languages, named in the interface language (德語 for de): the settings
dialog's language list and the transcript view's language line."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Whisper's languages (faster_whisper.tokenizer._LANGUAGE_CODES, 1.2.1), written out here
# because importing faster_whisper takes 1.6 s; tests/ui/test_settings_dialog.py checks
# that the two lists agree. English and Mandarin come first in the combo.
# cast: QT_TRANSLATE_NOOP returns its text; the stubs say object.
WHISPER_LANGUAGES = cast(
    "tuple[tuple[str, str], ...]",
    (
        ("en", QT_TRANSLATE_NOOP("Language", "English")),
        ("zh", QT_TRANSLATE_NOOP("Language", "Mandarin Chinese")),
        ("af", QT_TRANSLATE_NOOP("Language", "Afrikaans")),
        ("am", QT_TRANSLATE_NOOP("Language", "Amharic")),
        ("ar", QT_TRANSLATE_NOOP("Language", "Arabic")),
        ("as", QT_TRANSLATE_NOOP("Language", "Assamese")),
        ("az", QT_TRANSLATE_NOOP("Language", "Azerbaijani")),
        ("ba", QT_TRANSLATE_NOOP("Language", "Bashkir")),
        ("be", QT_TRANSLATE_NOOP("Language", "Belarusian")),
        ("bg", QT_TRANSLATE_NOOP("Language", "Bulgarian")),
        ("bn", QT_TRANSLATE_NOOP("Language", "Bengali")),
        ("bo", QT_TRANSLATE_NOOP("Language", "Tibetan")),
        ("br", QT_TRANSLATE_NOOP("Language", "Breton")),
        ("bs", QT_TRANSLATE_NOOP("Language", "Bosnian")),
        ("ca", QT_TRANSLATE_NOOP("Language", "Catalan")),
        ("cs", QT_TRANSLATE_NOOP("Language", "Czech")),
        ("cy", QT_TRANSLATE_NOOP("Language", "Welsh")),
        ("da", QT_TRANSLATE_NOOP("Language", "Danish")),
        ("de", QT_TRANSLATE_NOOP("Language", "German")),
        ("el", QT_TRANSLATE_NOOP("Language", "Greek")),
        ("es", QT_TRANSLATE_NOOP("Language", "Spanish")),
        ("et", QT_TRANSLATE_NOOP("Language", "Estonian")),
        ("eu", QT_TRANSLATE_NOOP("Language", "Basque")),
        ("fa", QT_TRANSLATE_NOOP("Language", "Persian")),
        ("fi", QT_TRANSLATE_NOOP("Language", "Finnish")),
        ("fo", QT_TRANSLATE_NOOP("Language", "Faroese")),
        ("fr", QT_TRANSLATE_NOOP("Language", "French")),
        ("gl", QT_TRANSLATE_NOOP("Language", "Galician")),
        ("gu", QT_TRANSLATE_NOOP("Language", "Gujarati")),
        ("ha", QT_TRANSLATE_NOOP("Language", "Hausa")),
        ("haw", QT_TRANSLATE_NOOP("Language", "Hawaiian")),
        ("he", QT_TRANSLATE_NOOP("Language", "Hebrew")),
        ("hi", QT_TRANSLATE_NOOP("Language", "Hindi")),
        ("hr", QT_TRANSLATE_NOOP("Language", "Croatian")),
        ("ht", QT_TRANSLATE_NOOP("Language", "Haitian Creole")),
        ("hu", QT_TRANSLATE_NOOP("Language", "Hungarian")),
        ("hy", QT_TRANSLATE_NOOP("Language", "Armenian")),
        ("id", QT_TRANSLATE_NOOP("Language", "Indonesian")),
        ("is", QT_TRANSLATE_NOOP("Language", "Icelandic")),
        ("it", QT_TRANSLATE_NOOP("Language", "Italian")),
        ("ja", QT_TRANSLATE_NOOP("Language", "Japanese")),
        ("jw", QT_TRANSLATE_NOOP("Language", "Javanese")),
        ("ka", QT_TRANSLATE_NOOP("Language", "Georgian")),
        ("kk", QT_TRANSLATE_NOOP("Language", "Kazakh")),
        ("km", QT_TRANSLATE_NOOP("Language", "Khmer")),
        ("kn", QT_TRANSLATE_NOOP("Language", "Kannada")),
        ("ko", QT_TRANSLATE_NOOP("Language", "Korean")),
        ("la", QT_TRANSLATE_NOOP("Language", "Latin")),
        ("lb", QT_TRANSLATE_NOOP("Language", "Luxembourgish")),
        ("ln", QT_TRANSLATE_NOOP("Language", "Lingala")),
        ("lo", QT_TRANSLATE_NOOP("Language", "Lao")),
        ("lt", QT_TRANSLATE_NOOP("Language", "Lithuanian")),
        ("lv", QT_TRANSLATE_NOOP("Language", "Latvian")),
        ("mg", QT_TRANSLATE_NOOP("Language", "Malagasy")),
        ("mi", QT_TRANSLATE_NOOP("Language", "Maori")),
        ("mk", QT_TRANSLATE_NOOP("Language", "Macedonian")),
        ("ml", QT_TRANSLATE_NOOP("Language", "Malayalam")),
        ("mn", QT_TRANSLATE_NOOP("Language", "Mongolian")),
        ("mr", QT_TRANSLATE_NOOP("Language", "Marathi")),
        ("ms", QT_TRANSLATE_NOOP("Language", "Malay")),
        ("mt", QT_TRANSLATE_NOOP("Language", "Maltese")),
        ("my", QT_TRANSLATE_NOOP("Language", "Burmese")),
        ("ne", QT_TRANSLATE_NOOP("Language", "Nepali")),
        ("nl", QT_TRANSLATE_NOOP("Language", "Dutch")),
        ("nn", QT_TRANSLATE_NOOP("Language", "Norwegian Nynorsk")),
        ("no", QT_TRANSLATE_NOOP("Language", "Norwegian")),
        ("oc", QT_TRANSLATE_NOOP("Language", "Occitan")),
        ("pa", QT_TRANSLATE_NOOP("Language", "Punjabi")),
        ("pl", QT_TRANSLATE_NOOP("Language", "Polish")),
        ("ps", QT_TRANSLATE_NOOP("Language", "Pashto")),
        ("pt", QT_TRANSLATE_NOOP("Language", "Portuguese")),
        ("ro", QT_TRANSLATE_NOOP("Language", "Romanian")),
        ("ru", QT_TRANSLATE_NOOP("Language", "Russian")),
        ("sa", QT_TRANSLATE_NOOP("Language", "Sanskrit")),
        ("sd", QT_TRANSLATE_NOOP("Language", "Sindhi")),
        ("si", QT_TRANSLATE_NOOP("Language", "Sinhala")),
        ("sk", QT_TRANSLATE_NOOP("Language", "Slovak")),
        ("sl", QT_TRANSLATE_NOOP("Language", "Slovenian")),
        ("sn", QT_TRANSLATE_NOOP("Language", "Shona")),
        ("so", QT_TRANSLATE_NOOP("Language", "Somali")),
        ("sq", QT_TRANSLATE_NOOP("Language", "Albanian")),
        ("sr", QT_TRANSLATE_NOOP("Language", "Serbian")),
        ("su", QT_TRANSLATE_NOOP("Language", "Sundanese")),
        ("sv", QT_TRANSLATE_NOOP("Language", "Swedish")),
        ("sw", QT_TRANSLATE_NOOP("Language", "Swahili")),
        ("ta", QT_TRANSLATE_NOOP("Language", "Tamil")),
        ("te", QT_TRANSLATE_NOOP("Language", "Telugu")),
        ("tg", QT_TRANSLATE_NOOP("Language", "Tajik")),
        ("th", QT_TRANSLATE_NOOP("Language", "Thai")),
        ("tk", QT_TRANSLATE_NOOP("Language", "Turkmen")),
        ("tl", QT_TRANSLATE_NOOP("Language", "Tagalog")),
        ("tr", QT_TRANSLATE_NOOP("Language", "Turkish")),
        ("tt", QT_TRANSLATE_NOOP("Language", "Tatar")),
        ("uk", QT_TRANSLATE_NOOP("Language", "Ukrainian")),
        ("ur", QT_TRANSLATE_NOOP("Language", "Urdu")),
        ("uz", QT_TRANSLATE_NOOP("Language", "Uzbek")),
        ("vi", QT_TRANSLATE_NOOP("Language", "Vietnamese")),
        ("yi", QT_TRANSLATE_NOOP("Language", "Yiddish")),
        ("yo", QT_TRANSLATE_NOOP("Language", "Yoruba")),
        ("yue", QT_TRANSLATE_NOOP("Language", "Cantonese")),
    ),
)
FIRST_LANGUAGES = 2  # English and Mandarin, above the separator


def language_name(code: str) -> str:
    """A Whisper language's name in the interface language, e.g. 德語 for de."""
    for known, name in WHISPER_LANGUAGES:
        if known == code:
            return QCoreApplication.translate("Language", name)
    return code
