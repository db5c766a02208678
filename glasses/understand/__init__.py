"""Understanding what was said: recognizer text normalized into template words
(``normalize``), and which parses are sure enough to act on (``confirm``)."""
