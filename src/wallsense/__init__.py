"""wallsense: the journalism of a saved news page, and why the rest was dropped."""
