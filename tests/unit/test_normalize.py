from corpus_cli.text.normalize import normalize, normalize_with_map


def test_folds_quotes_dashes_case_and_spaces() -> None:
    assert normalize("  The “Stunning”\u00a0letter — it’s  HERE\r\n") == (
        "the \"stunning\" letter - it's here"
    )


def test_compatibility_forms_and_combining_marks_fold_alike() -> None:
    assert normalize("ﬁnal café") == normalize("final cafe\u0301")
    assert normalize("Straße") == "strasse"


def test_zero_width_and_soft_hyphen_vanish() -> None:
    assert normalize("co\u00adoperate\u200b now") == "cooperate now"


def test_map_returns_the_raw_span_of_a_normalised_word() -> None:
    raw = "He said:  “Don’t   follow\n the regime’s orders”."
    norm = normalize_with_map(raw)
    word = "regime's"
    start = norm.text.index(word)
    s, e = norm.offsets.span(start, start + len(word))
    assert raw[s:e] == "regime’s"
    s, e = norm.offsets.span(0, len(norm.text))
    assert raw[s:e] == raw.strip()


def test_map_over_expanding_characters_covers_the_whole_source_character() -> None:
    raw = "a ﬁne day"
    norm = normalize_with_map(raw)
    assert norm.text == "a fine day"
    s, e = norm.offsets.span(2, 6)  # "fine"
    assert raw[s:e] == "ﬁne"


def test_empty_and_blank_text() -> None:
    assert normalize("") == ""
    assert normalize_with_map(" \n\t ").text == ""
