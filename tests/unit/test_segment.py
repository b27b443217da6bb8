import pytest

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


def test_nel_and_line_separator_line_ends() -> None:
    nel = "Title\x85\x85One\x85still one.\x85\x85Two.\x85"
    assert spans_text(nel, layout(nel).paragraphs) == ["One\x85still one.", "Two."]
    ls = "Title\u2028\u2028One.\u2028\u2028Two."
    assert spans_text(ls, layout(ls).paragraphs) == ["One.", "Two."]
    # Without blank lines, one paragraph per line, whichever the line end.
    mixed = "Title\x85One.\u2028Two.\r\nThree."
    assert spans_text(mixed, layout(mixed).paragraphs) == ["One.", "Two.", "Three."]


def test_a_paragraph_separator_ends_a_paragraph_by_itself() -> None:
    text = "Title\u2029One\u2028still one.\u2029Two."
    found = layout(text)
    assert found.headline is not None
    assert spans_text(text, found.paragraphs) == ["One\u2028still one.", "Two."]


LONG_FIRST = ("Inheritance is a basic concept of object-oriented programming where the idea is "
              "to create new classes that add extra detail to existing classes, reusing the "
              "code and behaviour that the existing classes already have")


@pytest.mark.parametrize("text", [
    LONG_FIRST + "\n\nSecond paragraph.",  # a long line: a paragraph
    LONG_FIRST + "\nSecond line.\nThird line.",  # the same, one paragraph per line
    "Inheritance lets a class reuse another class.\n\nSecond paragraph.",  # a sentence
    "Classes inherit. Objects do not.\n\nSecond paragraph.",  # a run of sentences
    "A file of one line only",  # nothing follows it
    # A hard-wrapped paragraph: its first line runs on into the next.
    "The council voted on Tuesday to close the old bridge over\nthe river for repairs "
    "that engineers say are long overdue.\n\nSecond paragraph.",
    "The council voted on Tuesday to close the old bridge over the\nRiver Tyne for "
    "repairs that engineers say are long overdue, and\nwork starts in the spring.\n\nMore.",
])
def test_a_first_line_that_does_not_read_as_a_headline_is_body_text(text: str) -> None:
    found = layout(text)
    assert found.headline is None
    assert " ".join(spans_text(text, found.paragraphs)).split() == text.split()


@pytest.mark.parametrize(("text", "headline"), [
    ("Ad sales boost Time Warner profit\n\nQuarterly profits rose.", "Ad sales boost Time "
     "Warner profit"),
    ("Could Yukos be a blessing in disguise?\n\nBody.", "Could Yukos be a blessing in "
     "disguise?"),
    ("Rivals of the £400 Apple...\n\nBody.", "Rivals of the £400 Apple..."),
    ("Talks end in the U.S.\n\nBody.", "Talks end in the U.S."),
    ("Title\nBy Jane Smith\nThe body starts here and goes on for a while.\n\nMore.", "Title"),
    ("Title\nOne.\nTwo.", "Title"),
    ("# Heading of a note\n\nBody.", "# Heading of a note"),
])
def test_a_headline_is_short_and_stands_apart(text: str, headline: str) -> None:
    found = layout(text)
    assert found.headline is not None
    assert text[found.headline.start : found.headline.end] == headline


def test_an_unjudged_headline_is_the_first_line_whatever_it_is() -> None:
    text = LONG_FIRST + "\n\nSecond paragraph."
    found = layout(text, judged=False)
    assert found.headline is not None
    assert text[found.headline.start : found.headline.end] == LONG_FIRST
