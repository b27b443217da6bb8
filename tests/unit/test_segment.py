from corpus_cli.text.segment import count_words, layout, sentences


def spans_text(text: str, spans: tuple) -> list[str]:  # type: ignore[type-arg]
    return [text[s.start : s.end] for s in spans]


def test_headline_then_blank_line_paragraphs() -> None:
    text = "Title here\n\nFirst para\ncontinues.\n\n\nSecond para.\n"
    found = layout(text)
    assert found.headline is not None
    assert text[found.headline.start : found.headline.end] == "Title here"
    assert spans_text(text, found.paragraphs) == ["First para\ncontinues.", "Second para."]


def test_one_paragraph_per_line_without_blank_lines() -> None:
    text = "Title\nOne.\nTwo.\nThree.\n"
    assert spans_text(text, layout(text).paragraphs) == ["One.", "Two.", "Three."]


def test_crlf_and_cr_line_endings() -> None:
    crlf = "Title\r\n\r\nOne\r\nstill one.\r\n\r\nTwo.\r\n"
    assert spans_text(crlf, layout(crlf).paragraphs) == ["One\r\nstill one.", "Two."]
    cr = "Title\r\rOne.\r\rTwo.\r"
    assert spans_text(cr, layout(cr).paragraphs) == ["One.", "Two."]


def test_leading_blank_lines_and_indentation_are_outside_spans() -> None:
    text = "\n\n   Title  \n\n  Indented para.  \n"
    found = layout(text)
    assert found.headline is not None
    assert text[found.headline.start : found.headline.end] == "Title"
    assert spans_text(text, found.paragraphs) == ["Indented para."]


def test_no_headline_mode_keeps_first_line_as_paragraph() -> None:
    text = "Body one.\n\nBody two."
    assert layout(text, headline_in_text=False).headline is None
    assert spans_text(text, layout(text, headline_in_text=False).paragraphs) == [
        "Body one.", "Body two."]


def test_sentences_respect_abbreviations_initials_and_quotes() -> None:
    text = 'Mr. Smith met J. K. Rowling in the U.S. on Friday. “It was fine.” Then he left! Done'
    found = layout(text, headline_in_text=False)
    got = [text[s.start : s.end] for s in sentences(text, found.paragraphs[0])]
    assert got == [
        "Mr. Smith met J. K. Rowling in the U.S. on Friday.",
        "“It was fine.”",
        "Then he left!",
        "Done",
    ]


def test_count_words_counts_as_wc_does() -> None:
    assert count_words("Don’t follow the regime's orders, 2020.") == 6
    assert count_words("  one\ttwo\n three – four ") == 5


def test_layout_from_an_offset_ignores_what_comes_before() -> None:
    text = "---\ntitle: X\n---\nHeadline\n\nBody."
    found = layout(text, start=text.index("Headline"))
    assert found.headline is not None
    assert text[found.headline.start : found.headline.end] == "Headline"
    assert spans_text(text, found.paragraphs) == ["Body."]
