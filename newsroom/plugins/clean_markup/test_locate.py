from newsroom.plugins.clean_markup.locate import needle, source_line

SOURCE = """Title: A <script>bad()</script> title
Date: 2022-11-24

Text with <IMG src="x" ONERROR="y()"> and
a [link](JavaScript:go()) and for i> 0
  spread   over lines.

Another <script>again()</script>.
"""


def test_needles_for_each_kind_of_warning() -> None:
    assert needle("content: removed the <script> element") == "<script"
    assert needle("content: removed the javascript: URL in href= of <a>") == "javascript:"
    assert needle("summary: removed the event attribute onerror= of <img>") == "onerror="
    assert needle("content: kept, unsure it is a fragment: '…for i> 0 spread…'") == (
        "for i> 0 spread"
    )
    assert (
        needle(
            "summary: removed a tag with attributes, whose values may be words of the text: "
            "check '<img src=x onerror=alert(1)>'"
        )
        == "alert(1)"
    )
    assert needle("content: something else") is None


def test_lines_are_found_case_blind_and_from_a_start() -> None:
    assert source_line(SOURCE, "title: removed the <script> element") == 1
    assert source_line(SOURCE, "content: removed the <script> element", start=2) == 8
    assert source_line(SOURCE, "content: removed the event attribute onerror= of <img>") == 4
    assert source_line(SOURCE, "content: removed the javascript: URL in href= of <a>") == 5
    assert source_line(SOURCE, "content: kept, unsure it is a fragment: 'for i> 0'") == 5


def test_no_line_when_the_subject_is_not_in_the_source() -> None:
    assert source_line(SOURCE, "content: removed the <iframe> element") is None
    assert source_line("", "content: removed the <script> element") is None
