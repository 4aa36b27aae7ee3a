"""The category editor says which categories colour-blind readers would confuse."""

from __future__ import annotations

from desktop.model.dataset import Category, Dataset
from desktop.model.dates import PartialDate
from desktop.ui.editdataset import CategoriesDialog


def test_the_category_editor_warns_about_a_red_green_pair_until_it_is_fixed(qtbot):
    dataset = Dataset(title="t", as_of=PartialDate(2025))
    dataset.categories = [
        Category("yes", "In favour", "#2CA02C"),
        Category("no", "Against", "#D62728"),
    ]
    dialog = CategoriesDialog(dataset)
    qtbot.addWidget(dialog)
    dialog.show()
    warning = dialog.colour_warning
    assert warning.isVisible()
    assert "'In favour' and 'Against'" in warning.text() and "deuteranopia" in warning.text()
    assert "hatch" in warning.text()
    dialog.set_colour(1, "#0072B2")  # blue instead of red
    assert not warning.isVisible() and warning.text() == ""
