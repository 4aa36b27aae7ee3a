"""The window on a vote of states and territories: legend, tooltip and Nation panel."""

from __future__ import annotations

import shutil

from tests.conftest import REPO

OVERSEAS = REPO / "tests" / "data" / "overseas-vote.yaml"


def test_legend_counts_states_and_shows_the_renamed_unlisted_class(make_window):
    window = make_window(OVERSEAS)
    rows = {row.category_id: (row.text(), row.count) for row in window.legend.rows}
    assert rows == {
        "yes": ("Yes", 3),
        "no": ("No", 2),
        "abstain": ("Abstain", 2),
        None: ("Did not vote", 192),
    }
    assert window.legend.row(None).color == "#BBBBBB"
    assert "Not drawn: Gibraltar (Yes)" in window.legend.note.text()


def test_a_hidden_unlisted_class_has_no_legend_row(make_window, tmp_path):
    path = tmp_path / "vote.yaml"
    text = OVERSEAS.read_text(encoding="utf-8").replace(
        'unlisted: {label: Did not vote, color: "#BBBBBB"}',
        'unlisted: {label: Did not vote, color: "#BBBBBB", legend: false}',
    )
    assert "legend: false" in text
    path.write_text(text, encoding="utf-8")
    window = make_window(path)
    assert [row.category_id for row in window.legend.rows] == ["yes", "no", "abstain"]
    # The class still names unlisted countries elsewhere.
    assert window.map.tooltip_text("BRA").splitlines()[:2] == ["Brazil", "Did not vote"]


def test_greenland_says_it_is_part_of_denmark_with_denmarks_position(make_window):
    window = make_window(OVERSEAS)
    assert window.map.tooltip_text("GRL").splitlines() == ["Greenland", "Yes", "Part of Denmark"]
    window.state.select("GRL")
    text = window.nation_panel.browser.toPlainText()
    assert "Yes" in text and "Part of Denmark" in text
    assert "shown with the position of Denmark" in text


def test_western_sahara_says_why_it_is_never_counted(make_window):
    window = make_window(OVERSEAS)
    assert (
        window.map.tooltip_text("ESH")
        .splitlines()[2]
        .startswith("Disputed: drawn apart and never counted.")
    )
    window.state.select("KAS")
    text = window.nation_panel.browser.toPlainText()
    assert "Did not vote" in text and "never counted" in text and "India and Pakistan" in text


def test_renaming_the_unlisted_class_in_the_dialog_renames_the_legend_row(
    qtbot, make_window, tmp_path
):
    from desktop.model import commands
    from desktop.model.dataset import Unlisted

    path = tmp_path / "vote.yaml"
    shutil.copy(OVERSEAS, path)
    window = make_window(path)
    dataset = window.state.dataset
    window.edits.editor.apply(
        lambda: commands.set_categories(
            dataset, dataset.categories, unlisted=Unlisted("Absent", "#BBBBBB")
        )
    )
    assert window.legend.row(None).text() == "Absent"
    assert window.map.tooltip_text("BRA").splitlines()[1] == "Absent"
    window.state.undo_stack.undo()
    assert window.legend.row(None).text() == "Did not vote"
