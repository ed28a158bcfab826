"""Headless rails whose top item, or whose place in the document, hid them: each class as
a real-looking document, and the article's own last lines it must leave."""

from __future__ import annotations

from textwash.filters.teasers import Teasers

apply = Teasers().apply

#: An article whose paragraphs are set apart by blank lines (a sports transfer story).
SPACED = (
    "Kepa Arrizabalaga will undergo a medical at Stamford Bridge today ahead of making the "
    "move which will see him become the most expensive keeper in history.\n\n"
    "Chelsea have triggered the release clause in his contract with Athletic Bilbao, and "
    "the Spanish club confirmed that the fee had been deposited with La Liga.\n\n"
    "The 23-year-old flew to London yesterday evening and will spend the day completing "
    "the formalities of the deal, which Chelsea hope to announce later today.\n\n"
    "Thibaut Courtois is expected to complete his move to Real Madrid once the deal for "
    "his replacement has been signed off by both clubs.\n"
)
#: The same article with its paragraphs one under the other.
TIGHT = SPACED.replace("\n\n", "\n")
#: A rail whose items follow each other directly.
RAIL = (
    "'Star Wars' Original Cuts Might Get Released for 40th Anniversary\n"
    "Doobie Brothers to reunite with Michael McDonald for Blossom show\n"
    "How does the brain turn unconscious information into conscious thought?\n"
    "Flooding closes roads near Portland, Ore.\n"
)


def test_the_top_of_a_rails_own_block_goes_with_it() -> None:
    """Where the article sets its paragraphs apart by blank lines, the lines joined to a
    rail by line breaks, under a blank line, are its block: its top item goes with it
    whatever its shape or its words."""
    for top in (
        "remoteStorage",  # a single word
        "Amnesty. More than 100 protesters killed in Iran unrest",  # two sentences
        "What is the value of the deal Chelsea signed?",  # a word of the story
        "Courtois completes move to Real Madrid as Chelsea sign Kepa",  # the same story
        "Chiefs 31-20 49ers\nremoteStorage",  # two lines on top
    ):
        assert apply(SPACED + "\n" + top + "\n" + RAIL) == SPACED, top


def test_a_rails_block_top_under_a_related_rail_stays() -> None:
    """A related top item goes only over a rail that shares almost none of the article's
    words: over a rail sharing some, it may be the article's own line on its subject."""
    related = "Courtois completes move to Real Madrid as Chelsea sign Kepa\n"
    rail = RAIL.replace("Flooding closes roads", "Chelsea fee closes deal")
    out = apply(SPACED + "\n" + related + rail)
    assert out.startswith(SPACED + "\n" + related)


def test_a_block_top_sharing_a_word_goes_with_a_rail_that_shares_some() -> None:
    """A top item that shares a word with the article, but is not about this story (one
    word, or half of its own at most), goes with any rail found under it, also one that
    shares a few of the article's words by chance."""
    rail = RAIL.replace("Flooding closes roads", "Chelsea fee closes deal")
    for top in ("Bank confirmed cuts", "Samsung deal talk"):
        assert apply(SPACED + "\n" + top + "\n" + rail) == SPACED, top


def test_a_label_over_a_rail_stays_where_paragraphs_follow_each_other() -> None:
    """Where paragraphs follow each other directly, a blank line sets a section apart and
    the line under it is its label: it stays, and the rail under it goes."""
    for label in ("Disclaimer", "Sources", "remoteStorage"):
        assert apply(TIGHT + "\n" + label + "\n" + RAIL) == TIGHT + "\n" + label + "\n"


def test_a_line_set_apart_from_the_rail_stays() -> None:
    """Only the rail's own block, and only its top: a line with a blank line under it, or
    three odd lines on top of the rail, are the article's."""
    alone = SPACED + "\nremoteStorage\n\n" + RAIL
    assert apply(alone) == SPACED + "\nremoteStorage\n"
    three = "What is the value of the deal Chelsea signed?\nremoteStorage\nSources\n"
    assert apply(SPACED + "\n" + three + RAIL) == SPACED + "\n" + three


def test_a_loose_item_on_top_of_a_rails_own_block_goes_with_it() -> None:
    """A teaser ending in a full stop, in lower case or of two sentences, is no tail line
    on its own; on top of a rail's own block, naming nothing of the article, it is one of
    its items."""
    for top in (
        "Google Stadia Red Dead Redemption 2 doesn't run at a stable 60fps.",
        "standalone WebAssembly binaries using Emscripten · V8",
        "South Dakota doubles down on ‘Meth. We’re on it.’ They just might be.",
    ):
        assert apply(SPACED + "\n" + top + "\n" + RAIL) == SPACED, top


def test_the_articles_closing_sentence_on_top_of_a_rail_stays() -> None:
    """The article's own last sentence uses its words, and stays even where the rail is
    joined to it; so does any line where the article's paragraphs follow each other."""
    closing = "Chelsea are expected to confirm the signing of Kepa later today.\n"
    assert apply(SPACED + "\n" + closing + RAIL) == SPACED + "\n" + closing
    loose = "Google Stadia Red Dead Redemption 2 doesn't run at a stable 60fps.\n"
    assert apply(TIGHT + "\n" + loose + RAIL) == TIGHT + "\n" + loose


#: Short titles of other stories, two of them sharing a word with the article by chance:
#: few of them name three things.
SHORT_TITLES = (
    "How to Build a Terrarium\n"
    "Thousands of teachers pack Indiana Statehouse for protest\n"
    "This API is so Fetching!\n"
    "Samantha and The Great Big Deal\n"
    "Best London gadgets of 2019\n"
)


def test_a_rail_of_short_titles_in_a_block_of_its_own_goes() -> None:
    """Set apart from an article whose paragraphs are set apart by blank lines, and joined
    to each other by line breaks, short titles sharing little with the story are a rail
    though few of them name three things."""
    assert apply(SPACED + "\n" + SHORT_TITLES) == SPACED


def test_short_lines_that_are_not_a_rails_block_stay() -> None:
    """Where the article's paragraphs follow each other directly, short titles need as many
    headlines as before; labels that name one thing each, and a list of the article's own
    words, are the article's."""
    assert apply(TIGHT + "\n" + SHORT_TITLES) == TIGHT + "\n" + SHORT_TITLES
    sources = "Sources\nBBC\nReuters\nAFP\n"
    assert apply(SPACED + "\n" + sources) == SPACED + "\n" + sources
    own = "Kepa signs for Chelsea\nCourtois joins Real Madrid\nBilbao deposit the fee\n"
    assert apply(SPACED + "\n" + own) == SPACED + "\n" + own


REGIONS = ("Northland", "Auckland", "Waikato", "Taranaki", "Canterbury", "Otago", "Southland")


def _long_page() -> str:
    """A reference page of over 2,000 words whose first paragraph names, once each, words
    that a rail of other stories happens to use."""
    paragraphs = [
        "New Zealand is an island country in the southwestern Pacific Ocean. A global survey "
        "expected the country to grow, and an attack on its fisheries in the north was "
        "reported once in the colonial records, as were the fears of traders from Africa, "
        "a deck of playing cards found in a whaling station and the first half of a keyboard "
        "from an early printing press, a phenomenon the museum still shows."
    ]
    for year in range(1850, 1990, 2):
        region = REGIONS[year % len(REGIONS)]
        paragraphs.append(
            f"In {year} the provincial council of {region} recorded the census of New Zealand "
            f"settlers, the wool exports of {region} and the rail lines built that year; the "
            "colonial government in Wellington published the figures for every province."
        )
    return "\n\n".join(paragraphs) + "\n"


def test_a_rail_under_a_long_page_sharing_its_words_by_chance_goes() -> None:
    """On a long page a rail shares words the page uses once by chance: for a block of its
    own, the page's vocabulary is the words it uses more than once."""
    page = _long_page()
    rail = (
        "KEY QUESTIONS: The Deck of Cards That Made Tarot A Global Phenomenon\n"
        "Attack stokes instability fears in North Africa\n"
        "Hermitian matrix?\n"
        "13-Inch MacBook Pro With Scissor Keyboard Expected in First Half of 2020\n"
    )
    assert apply(page + "\n" + rail) == page
    # the page's own lines use the words it repeats, and stay
    own = (
        "Census of New Zealand settlers by province\n"
        "Wool exports of Canterbury and Otago\n"
        "Rail lines built in Waikato\n"
    )
    assert apply(page + "\n" + own) == page + "\n" + own


def test_the_authors_bio_on_top_of_short_titles_stays() -> None:
    """A block of its own starts a rail as any rail starts: never with a line that opens
    with a sentence and goes on with another (the authors' bio)."""
    bio = (
        "Andrés Malamud is a political scientist at the University of Lisbon. Martín "
        "Schapiro is a lawyer in Buenos Aires\n"
    )
    out = apply(SPACED + "\n" + bio + SHORT_TITLES)
    assert out.startswith(SPACED + "\n" + bio)


def test_a_rail_found_inside_its_own_block_takes_the_whole_block() -> None:
    """A rail found under short titles that the headline rules cannot start it with (too
    few headlines among them, a word of the article shared by chance) takes them when the
    block they make together is a rail of its own."""
    rail = (
        "Doobie Brothers to reunite with Michael McDonald for Blossom show\n"
        "Ireland v France\n"
        "Flooding closes roads near Portland, Ore.\n"
    )
    top = "How to Build a Terrarium\nSamantha and The Great Big Deal\nBest London gadgets of 2019\n"
    assert apply(SPACED + "\n" + top + rail) == SPACED
    # where the article's paragraphs follow each other, the titles on top stay
    assert apply(TIGHT + "\n" + top + rail) == TIGHT + "\n" + top


def test_a_rail_of_headlines_quoting_slogans_goes() -> None:
    """A headline that opens with a quoted slogan ("'Meth. We're On It': ...") holds the
    slogan's sentences, not two of its own: two such items in a rail of five are no prose,
    and do not keep the rail."""
    rail = (
        "The sharing economy is a lie: Uber, Ayn Rand and the truth about tech\n"
        "Apple’s Vision Pro hands-on: the Retina display moment for headsets\n"
        "'Meth. We're On It': South Dakota campaign is working, governor says\n"
        "Emirates inks order for 30 Boeing 787 jets, talks expansion plans\n"
        "‘METH. WE’RE ON IT.’: AD AGENCIES DIVIDED ON SOUTH DAKOTA’S VIRAL CAMPAIGN\n"
    )
    for article in (SPACED, TIGHT):
        assert apply(article + "\n" + rail) == article


def test_a_rail_holding_two_lines_of_two_sentences_stays() -> None:
    """The same items without the quotation marks are lines of two sentences each: two in
    five are prose, and the block stays."""
    prose = (
        "The sharing economy is a lie: Uber, Ayn Rand and the truth about tech\n"
        "Apple’s Vision Pro hands-on: the Retina display moment for headsets\n"
        "Meth. We're On It. South Dakota campaign is working, governor says\n"
        "Emirates inks order for 30 Boeing 787 jets, talks expansion plans\n"
        "METH. WE’RE ON IT. AD AGENCIES DIVIDED ON SOUTH DAKOTA’S VIRAL CAMPAIGN\n"
    )
    assert apply(TIGHT + "\n" + prose) == TIGHT + "\n" + prose


def test_a_rail_item_framed_in_doubled_colons_is_one_of_its_items() -> None:
    """A page title that ends in the doubled colon some sites frame their name with does
    not run on as a line ending in a colon does: inside or at the end of a rail, it no
    longer keeps the items above it."""
    framed = "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::\n"
    for rail in (RAIL + framed, framed + RAIL, RAIL.replace("\n", "\n" + framed, 1)):
        assert apply(SPACED + "\n" + rail) == SPACED
        assert apply(TIGHT + "\n" + rail.replace("\n", "\n\n")) == TIGHT


def test_a_line_ending_in_one_colon_under_a_rail_keeps_it() -> None:
    """A line ending in a colon announces what follows: under a rail, it ends no rail."""
    tail = RAIL + "Full results in the attached tables, for the site:\n"
    assert apply(SPACED + "\n" + tail) == SPACED + "\n" + tail


def test_a_loose_line_between_the_articles_credit_and_a_rail_goes_with_the_rail() -> None:
    """Under the article's own end (a reprint note, an image's credit), a line of two
    sentences on top of a rail is the rail's first item, in any layout: the article's
    closing sentence is above its credit."""
    loose = "South Dakota doubles down on ‘Meth. We’re on it.’ They just might be.\n"
    for end in ("This article was reprinted on Wired.com.\n", "Image source: Getty Images\n"):
        for article in (SPACED, TIGHT):
            closed = article + "\n" + end
            for rail in (RAIL, RAIL.replace("\n", "\n\n")):
                assert apply(closed + "\n" + loose + "\n" + rail) == closed, (end, rail)
    changes = Teasers().explain(SPACED + "\n" + end + "\n" + loose + "\n" + RAIL)[1]
    assert "under the article's own end" in changes[0].reason


def test_the_articles_own_line_under_its_credit_stays_above_a_rail() -> None:
    """A line under the credit that uses the article's words, or a rail item's shape only
    under a line that is no credit, is the article's."""
    closed = TIGHT + "\nThis article was reprinted on Wired.com.\n"
    own = "Chelsea hope Kepa signs the deal. Madrid wait for Courtois.\n"
    assert apply(closed + "\n" + own + "\n" + RAIL) == closed + "\n" + own
    loose = "South Dakota doubles down on ‘Meth. We’re on it.’ They just might be.\n"
    assert apply(TIGHT + "\n" + loose + "\n" + RAIL) == TIGHT + "\n" + loose


def test_a_two_sentence_title_right_under_the_authors_line_may_start_a_rail() -> None:
    """Under the article's own end (the author's line, a credit), a title that opens with
    a sentence and goes on with another ("... Festival'! To the Actual Scene!") is no
    prose of the article's: it may start a rail. Above the article's end it never does."""
    top = "The Beauty of Korea Revealed at the Daehak-ro Festival! To the Actual Scene!\n"
    rail = (
        "Doctors offer to give free flu shots to detained migrants, warn of epidemic?\n"
        "Three surprising findings from our 2024 Global DevSecOps Survey\n"
    )
    closed = SPACED + "\nSarah Archer is the author of The Midcentury Kitchen.\n"
    assert apply(closed + "\n" + top + rail) == closed
    assert apply(SPACED + "\n" + top + rail) == SPACED + "\n" + top + rail
