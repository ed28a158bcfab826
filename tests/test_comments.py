"""Readers' comments at the end of an article: cut from their heading to the end by the
teasers filter, and only there (:mod:`textwash.structure.comments`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from strategies_structure import Doc, commented_articles
from textwash.filters.teasers import Teasers
from textwash.structure import comments
from textwash.structure.lines import split

#: A news story of about 190 words, in paragraphs.
ARTICLE = (
    "Apple is expected to release a new 13-inch MacBook Pro with a scissor switch keyboard "
    "in the first half of next year, according to a report from the Taiwanese supply chain.\n"
    "The report claims the display size will remain 13.3 inches, although a larger 14-inch "
    "display cannot be ruled out. Two suppliers are said to be making the keyboards for the "
    "smaller notebook, which would follow the 16-inch model released this week.\n"
    "The new 16-inch MacBook Pro features a redesigned keyboard, largely based on the "
    "standalone Magic Keyboard for the iMac. Given the tried-and-tested design, the keyboard "
    "should prove far more reliable than the troublesome butterfly keyboards used across "
    "the lineup in recent years.\n"
    "Analysts have previously predicted that the company will move its entire notebook "
    "lineup to scissor switch keyboards next year, including all MacBook Pro and MacBook Air "
    "models. The entry-level 13-inch model was last updated in July, while higher-end "
    "models were refreshed in May.\n"
)

#: Readers' comments as an extractor keeps them: their text only.
BARE_COMMENTS = (
    "Even if it increases the thickness slightly, this is a Pro machine and I like the "
    "direction they are taking.\n"
    "No surprise they are keeping the 13-inch size.\n"
    "14 and 16 make more sense.\n"
    "Shouldn't next year be the year of a complete redesign?\n"
    "I think this is it. The slimmer bezels and the new keyboard are the redesign.\n"
)


def cut(text: str) -> str:
    return Teasers().apply(text)


@pytest.mark.parametrize(
    "section",
    [
        pytest.param("Top Rated Comments\n" + BARE_COMMENTS, id="ranked, text only"),
        pytest.param("Reader comments\n" + BARE_COMMENTS, id="the readers', text only"),
        pytest.param(
            "2 Comments\n"
            "Jane Doe\n"
            "November 18, 2019 at 3:45 pm\n"
            "Finally a keyboard that works. I will wait for the smaller one.\n"
            "Reply\n"
            "Sam Roe\n"
            "November 18, 2019 at 5:02 pm\n"
            "Same here, my butterfly keys stick every week.\n"
            "Reply\n"
            "Leave a Reply Cancel reply\n"
            "Save my name, email, and website in this browser for the next time I comment.\n",
            id="a blog's comments and form",
        ),
        pytest.param(
            "### Comments\n"
            "jdoe · 3 hours ago\n"
            "Finally a keyboard that works.\n"
            "Like · Reply · 12\n"
            "macfan · 2 hours ago\n"
            "I will wait for the smaller one, the 16-inch is too heavy for me.\n"
            "Reply · Report\n",
            id="a news site's comments with times and buttons",
        ),
        pytest.param("Top Rated Comments\n", id="the heading alone"),
    ],
)
def test_a_comment_section_at_the_end_goes_from_its_heading(section: str) -> None:
    for separator in ("\n", "\n\n"):
        text = (ARTICLE + section).replace("\n", separator)
        assert cut(text) == ARTICLE.replace("\n", separator).rstrip("\n") + "\n"


def test_each_line_says_which_heading_it_was_under() -> None:
    out, changes = Teasers().explain(ARTICLE + "Top Rated Comments\n" + BARE_COMMENTS)
    assert out == ARTICLE
    assert changes[0].reason == "comment section: its heading"
    heading_line = len(split(ARTICLE)) + 1
    assert {c.reason for c in changes[1:]} == {
        f"comment section: under the heading 'Top Rated Comments' (line {heading_line})"
    }


FRENCH = (
    "Le gouvernement a présenté mercredi un projet de loi sur les retraites, qui prévoit un "
    "système universel par points à partir de 2025. Les syndicats dénoncent une réforme "
    "injuste et appellent à une nouvelle journée de grève la semaine prochaine.\n"
    "Selon le ministre, le texte sera examiné à l'Assemblée nationale au printemps, après "
    "une concertation avec les partenaires sociaux. L'opposition réclame un référendum et "
    "dénonce un calendrier trop rapide pour un changement de cette ampleur.\n"
    "Les économistes restent partagés sur le coût de la réforme : certains estiment qu'elle "
    "permettra de rééquilibrer les comptes, d'autres craignent une baisse des pensions pour "
    "les carrières heurtées et les femmes.\n"
)
RUSSIAN = (
    "В среду правительство представило законопроект о пенсионной реформе, который "
    "предусматривает новую систему расчёта пенсий с 2025 года. Профсоюзы назвали реформу "
    "несправедливой и призвали к новой забастовке на следующей неделе.\n"
    "По словам министра, документ будет рассмотрен парламентом весной после консультаций с "
    "социальными партнёрами. Оппозиция требует провести референдум и критикует слишком "
    "быстрые сроки для изменений такого масштаба.\n"
    "Экономисты расходятся во мнениях о стоимости реформы: одни считают, что она поможет "
    "сбалансировать бюджет, другие опасаются снижения пенсий для многих работников.\n"
    "Переговоры между правительством и профсоюзами продолжатся в пятницу. Министр "
    "заявил, что готов обсуждать отдельные положения законопроекта, но не откажется от "
    "главной идеи реформы, которую поддерживает большинство депутатов.\n"
)


@pytest.mark.parametrize(
    ("article", "section"),
    [
        pytest.param(
            FRENCH,
            "3 commentaires\n"
            "Jean Dupont · il y a 2 heures\n"
            "Encore une réforme faite sans nous.\n"
            "Répondre\n",
            id="French",
        ),
        pytest.param(
            RUSSIAN,
            "Комментарии\nГость 11:15 05.10.18\nОпять реформа без нас.\nОтветитьПожаловаться\n",
            id="Russian",
        ),
    ],
)
def test_a_comment_section_in_another_language_goes(article: str, section: str) -> None:
    assert cut(article + section) == article


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            ARTICLE + "The company did not respond to a request for comment.\n",
            id="a last paragraph that mentions a comment",
        ),
        pytest.param(
            ARTICLE + "He declined to comment.\n",
            id="a short last line that mentions a comment",
        ),
        pytest.param(
            ARTICLE
            + "Comments\n"
            + "The agency received 4,000 comments during the consultation.\n"
            + "Most of them asked for a longer transition period.\n"
            + "The final rule is expected in March.\n",
            id="a part of the article titled Comments, without a comment's furniture",
        ),
        pytest.param(
            "Apple releases a new MacBook Pro\nLeave a comment\nJune 3, 2019 at 9:00 am\n"
            + ARTICLE,
            id="a prompt under the headline, over the article",
        ),
        pytest.param(
            ARTICLE
            + "Reader comments\n"
            + "Jane Doe says:\n"
            + "I like it.\n"
            + "Additional reporting by Sam Roe\n",
            id="a credit under the heading: the article's",
        ),
        pytest.param(
            "Python syntax in brief: the lexical structure of a program, its lines and "
            "tokens, and how comments and blank lines are read by the parser.\n"
            + "def main():\n    return 0\n" * 10
            + "Top Rated Comments\n"
            + BARE_COMMENTS,
            id="a page that is not an article",
        ),
    ],
)
def test_what_is_not_a_comment_section_at_the_end_stays(text: str) -> None:
    assert cut(text) == text


def test_a_thread_whose_posts_are_the_page_stays() -> None:
    """A forum thread: a short first post, then the replies, many times longer."""
    first_post = (
        "My 2016 MacBook Pro has keys that stick every week. I cleaned them with "
        "compressed air as the support page says, but the problem came back after two "
        "days. Has anyone had the keyboard replaced under the service program, and how "
        "long did the repair take? I use it for work and cannot be without it for long. "
        "Any advice on what to tell the store is welcome.\n"
    )
    reply = (
        "I had mine replaced in March. The store sent it away and it came back after five "
        "days with a new top case, battery included. Make an appointment, bring a backup, "
        "and mention the program by name: they know it well and did not argue at all.\n"
    )
    replies = "".join(f"user{i} · {i + 1} days ago\n{reply}Reply\n" for i in range(6))
    text = first_post + "Reader comments\n" + replies
    assert cut(text) == text


def test_posts_introduced_as_a_thread_introduces_them_stay() -> None:
    """Comments printed as a thread's posts ("Alan wrote on ...:", "Jane says:"), as a
    blog that shows them with the post, a forum or a mailing-list archive does: the page's
    content, which Readability keeps."""
    section = (
        "2 comments on “Apple releases a new MacBook Pro”\n"
        "Post a comment\n"
        "Alan Goodale wrote on December 24, 2019 at 3:53 am:\n"
        "Are there plans to bring the new keyboard to the Air?\n"
        "Reply\n"
        "Jane Doe says:\n"
        "Thank you for the report.\n"
    )
    assert cut(ARTICLE + section) == ARTICLE + section


def test_the_heading_must_be_near_the_end() -> None:
    """A heading further up than :data:`comments.WINDOW_CHARS` is not looked for: a
    section that long is no reader's comment under an article."""
    long_comments = "Top Rated Comments\n" + BARE_COMMENTS * 20
    assert len(long_comments) > comments.WINDOW_CHARS
    text = ARTICLE * 12 + long_comments
    assert cut(text) == text


def test_heading_kinds() -> None:
    assert comments.heading_kind("Top Rated Comments") == "names"
    assert comments.heading_kind("**Reader comments**") == "names"
    assert comments.heading_kind("12 Comments") == "may name"
    assert comments.heading_kind("Comments (12)") == "may name"
    assert comments.heading_kind("Leave a comment") == "may name"
    assert comments.heading_kind("Comments are closed.") == "may name"
    assert comments.heading_kind("Commentary") is None
    assert comments.heading_kind("He declined to comment.") is None


@settings(max_examples=500, database=None, deadline=None)
@given(commented_articles)
def test_a_generated_comment_section_goes_and_the_article_stays(doc: Doc) -> None:
    out = cut(doc.text)
    separator = "\n\n" if "\n\n" in doc.text else "\n"
    assert out == separator.join(doc.body) + "\n"
    assert cut(out) == out
