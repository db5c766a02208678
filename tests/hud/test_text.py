from glasses.hud.text import FONT, ellipsize, text_width, to_ascii, wrap


def test_to_ascii_folds_accents_and_symbols():
    assert to_ascii("Café crème — 2,49 €") == "Cafe creme - 2,49 EUR"
    assert to_ascii("€2.49") == "EUR 2.49"
    assert to_ascii("Straße “quoted” …") == 'Strasse "quoted" ...'
    assert to_ascii("日本") == "??"
    assert to_ascii("line\nbreak") == "line break"


def test_wrap_fits_width_and_keeps_every_character():
    text = "a " * 10 + "Supercalifragilisticexpialidocious" * 3 + " end"
    lines = wrap(text, 120, FONT, 0.7, 2)
    assert all(text_width(line, FONT, 0.7, 2) <= 120 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_ellipsize():
    long = "the quick brown fox jumps over the lazy dog"
    short = ellipsize(long, 100, FONT, 0.6, 1)
    assert short.endswith("...") and text_width(short, FONT, 0.6, 1) <= 100
    assert ellipsize("ok", 100, FONT, 0.6, 1) == "ok"
    assert ellipsize(long, 2, FONT, 0.6, 1) == ""
