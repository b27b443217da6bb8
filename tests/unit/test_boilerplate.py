from pathlib import Path

import pytest

from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.run import dry_run
from corpus_cli.settings import IngestSettings
from corpus_cli.text.boilerplate import pattern_reason
from corpus_cli.text.frequency import BoilerplatePolicy, frequent_paragraphs
from tests.conftest import CORPUS, REPO, write_article

SIGN_UP = "We use your sign-up to provide content in ways you’ve consented to"


def corpus_articles():  # type: ignore[no-untyped-def]
    return {a.document.name.rsplit("/", 1)[-1][:3]: a
            for a in dry_run([str(CORPUS)], IngestSettings(), REPO)}


def test_sign_up_notice_flagged_in_the_four_articles_that_carry_it() -> None:
    articles = corpus_articles()
    carriers = {k for k, a in articles.items()
                if any(p.text.startswith(SIGN_UP) for p in a.paragraphs)}
    assert carriers == {"000", "001", "002", "003"}
    for key in carriers:
        notice = next(p for p in articles[key].paragraphs if p.text.startswith(SIGN_UP))
        assert notice.boilerplate
        assert notice.reason == "sign-up notice"


# The furniture of each sample article, by the first words of the paragraph; everything
# else in these articles is reporting and must stay unflagged.
EXPECTED_FURNITURE = {
    "000": ["We use your sign-up", "DON’T MISS", "Source: Read Full Article"],
    "001": ["We use your sign-up", "Belarus posed for ‘covert’", "Source: Read Full Article"],
    "002": ["We use your sign-up", "Vladimir Putin mobilises", "Kyiv accused of plot",
            "Source: Read Full Article"],
    "003": ["We use your sign-up", "READ MORE:", "DON’T MISS:", "Source: Read Full Article"],
    "004": ["don't follow the criminal orders", "(BalkanWeb)", "To join the group",
            "Information source @BalkanWeb", "Spread the love", "Similar posts"],
}


@pytest.mark.parametrize("key", sorted(EXPECTED_FURNITURE))
def test_exactly_the_furniture_of_the_sample_articles_is_flagged(key: str) -> None:
    article = corpus_articles()[key]
    flagged = [p.text for p in article.paragraphs if p.boilerplate]
    expected = EXPECTED_FURNITURE[key]
    assert len(flagged) == len(expected), flagged
    for text, prefix in zip(flagged, expected, strict=True):
        assert text.startswith(prefix)


def test_shared_caption_and_open_letter_are_reporting() -> None:
    articles = corpus_articles()
    for key in ("000", "001"):
        texts = {p.text: p for p in articles[key].paragraphs}
        caption = texts["Lukashenko says Russia 'must be ready' to use nuclear arsenal"]
        assert not caption.boilerplate
        letter = next(p for t, p in texts.items() if t.startswith("The soldiers wrote:"))
        assert not letter.boilerplate


@pytest.mark.parametrize(("text", "reason"), [
    ("We use cookies to improve your experience.", "cookie notice"),
    ("Sign up to our free daily newsletter", "newsletter prompt"),
    ("READ MORE: Something else happened", "promo block"),
    ("Story one [VIDEO]\nStory two [INSIGHT]", "promo links"),
    ("Source: Read Full Article", "read full article"),
    ("Share this article", "share widget"),
    ("(Reuters)", "credit line"),
    ("Copyright 2008 The Daily Ledger. All rights reserved.", "copyright line"),
    ("© 2023 Valley News", "copyright line"),
    ("Valley News Ltd. All rights reserved.", "copyright line"),
    ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "follow prompt"),
    ("Follow us on Twitter", "follow prompt"),
    ("12 comments", "comments link"),
    ("Leave a comment", "comments link"),
    ("Tell us what YOU think...", "comments link"),
    ("(Reporting by Will Dunham; Editing by Tom Brown)", "credit line"),
    ("Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly; Editing by Nick "
     "Zieminski", "credit line"),
    ("SOURCE: News agencies", "credit line"),
    ("You may also like...", "promo block"),
    ("Related post: Pickled Brussels Sprouts Recipe", "promo block"),
    ("More:", "promo block"),
    ("Also on rt.com Journalists threatened with arrest", "promo block"),
    ("Filed under: Politics |", "promo block"),
    # a call to action ending a short paragraph
    ("Start your day with the Opening Bell. Sign up for the free daily newsletter.",
     "newsletter prompt"),
    ("Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
     "newsletter prompt"),
    ("Get Motor Cycle Monthly delivered every month. 12 issues for £11.99. Click here for "
     "more information.", "click prompt"),
    ("GET FOX BUSINESS ON THE GO BY CLICKING HERE", "click prompt"),
    ("Like this story? Share it with a friend!", "share widget"),
    ("Have a tip? Amy Kuperinsky may be reached at akuperinsky@example.com. Follow her on "
     "Twitter @AmyKup or on Facebook.", "follow prompt"),
])
def test_patterns(text: str, reason: str) -> None:
    assert pattern_reason(text) == reason


@pytest.mark.parametrize("text", [
    "Watch officials said the border would reopen on Monday.",
    "Related talks collapsed on Friday, officials said.",
    "The ministry said in 2020 that (as reported) troops left.",
    "“We will not resign,” she said.",
    "Copyright claims against the site rose in 2019, the court heard.",
    "Copyright 2008 was a record year for lawsuits over film downloads, lawyers said, and "
    "2009 looks set to be another, with studios pursuing file-sharers across Europe and "
    "the United States as never before.",
    "Follow-up talks on Twitter's future are expected next week.",
    "Comments made by the minister on Friday caused an uproar.",
    "Reporting by the BBC found that hundreds of patients waited for hours.",
    "More than 10,000 readers signed up for the newsletter in its first week, the paper said.",
    "Users who click here are sent to a fake bank page, the researchers said. The scam has "
    "spread fast.",
    "Source: the company's annual report, which was published on Friday, showed a loss.",
    "Related talks on the budget continue next week.",
])
def test_reporting_is_not_flagged(text: str) -> None:
    assert pattern_reason(text) is None


def test_headline_repeated_as_paragraph() -> None:
    assert pattern_reason("Lukashenko threatens Ukraine", "Lukashenko threatens Ukraine!") == (
        "headline repeated")


def test_frequency_flags_furniture_but_not_a_reprinted_story() -> None:
    footer = 1
    rows = [(f"a{i}", "site", f"h{i}", [100 + i, 200 + i, 300 + i, footer]) for i in range(3)]
    # Three distinct texts share the footer: furniture in each.
    assert frequent_paragraphs(rows) == {"a0": {3}, "a1": {3}, "a2": {3}}
    # The same story printed three times: all paragraphs frequent, so none is furniture.
    reprint = [(f"r{i}", "site", f"t{i}", [7, 8, 9]) for i in range(3)]
    assert frequent_paragraphs(reprint) == {}
    # Exact copies of one text count once.
    copies = [(f"c{i}", "site", "same", [5, 6, 7, footer]) for i in range(3)]
    assert frequent_paragraphs(copies) == {}
    # Another source's articles do not add up with these.
    other = [(f"o{i}", f"site{i}", f"x{i}", [1, 2, 3, footer]) for i in range(3)]
    assert frequent_paragraphs(other) == {}


def test_frequency_policy_is_validated() -> None:
    with pytest.raises(ValueError, match="min_articles"):
        BoilerplatePolicy(min_articles=1)


def test_dry_run_flags_a_footer_repeated_across_one_source(tmp_path: Path) -> None:
    folder = tmp_path / "outlet"
    for i in range(3):
        write_article(folder, f"{i}.txt", f"Story {i}", [
            f"Reporting paragraph {i} about topic {i} with details.",
            f"Second paragraph {i} with other facts.",
            "Follow The Outlet for more stories like this one every day",
        ])
    articles = list(dry_run([str(folder)], IngestSettings(), tmp_path))
    for article in articles:
        flags = [(p.boilerplate, p.reason) for p in article.paragraphs]
        assert flags == [(False, None), (False, None), (True, "frequent in source")]
    assert [i.name for i in discover([str(folder)])] == [str(folder / f"{i}.txt") for i in range(3)]


@pytest.mark.parametrize(("line", "reason"), [
    ("The Daily Gazette | Economy | Published 11 September 2005 | By Peter Roberts, "
     "culture correspondent", "header line"),
    ("By Peter Roberts", "byline"),
    ("By PETER ROBERTS, culture correspondent", "byline"),
    ("By Anna Chen | Sept. 11, 2005", "byline"),
    ("By our correspondent in Minsk", "byline"),
    ("Published: 11 September 2005. Last updated: 12 September 2005", "dateline"),
    ("Posted on Tuesday 24 November 2004 by Laura Brennan", "dateline"),
    ("Updated 2005-09-11 14:32 GMT", "dateline"),
    ("11 September 2005 - Peter Roberts, culture correspondent", "dateline"),
    ("© 2005 The Daily Gazette. All rights reserved.", "copyright line"),
    ("Copyright © The Highland Bulletin 2004", "copyright line"),
    ("(Reporting by Valerie Volcovici; Additional reporting by Lawrence Hurley; Editing by "
     "Will Dunham.)", "credit line"),
    ("Additional reporting by Anna Chen in Berlin", "credit line"),
    ("Associated Press researcher Randy Herschaft in New York contributed to this report.",
     "credit line"),
    ("Business", "section label"),
    ("World > Europe", "section label"),
    ("News | Politics", "section label"),
])
def test_wire_furniture_lines_are_boilerplate_in_any_outlets_wording(line: str,
                                                                     reason: str) -> None:
    assert pattern_reason(line) == reason


@pytest.mark.parametrize("line", [
    "By the end of the year, the government expects inflation to fall below 3%.",
    "By Tuesday, the talks had collapsed.",  # "By" and a capital, then a sentence goes on
    "Oct. 31, 2012 The Obama hug.",  # a timeline entry: a date, then the story
    "Saturday, 26 February",  # a fixtures heading, no year
    "Published reports say the minister will resign.",
    "Reporting from the border, our correspondent found the crossing closed to traffic.",
    "The Conservatives | Labour | Liberal Democrats each claimed victory in the debate, "
    "saying their leaders had shown why voters should trust them with the economy over "
    "the next five years and beyond.",
    "Economy grows",  # a headline-like line that is not a section name alone
])
def test_reporting_that_looks_a_little_like_furniture_is_not(line: str) -> None:
    assert pattern_reason(line) is None
