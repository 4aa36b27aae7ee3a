"""A small callback list, so the model can announce changes without knowing who listens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Signal:
    """Callbacks connected to one kind of change.

    The model emits; views connect. It keeps Qt out of the model while letting a widget
    refresh when an undoable command changes the dataset. Copying (``copy.deepcopy`` of a
    dataset, say) gives a signal with no callbacks: the copy starts unobserved.
    """

    __slots__ = ("_callbacks",)

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        """Call ``callback`` on every emit, after those connected before it."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        """Stop calling ``callback``; unknown callbacks are ignored."""
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def __copy__(self) -> Signal:
        # A copy of the object that owns this signal is another object: whoever listens
        # to the original did not ask to hear the copy's changes.
        return Signal()

    def __deepcopy__(self, memo: dict) -> Signal:
        return Signal()

    def emit(self, *args: Any) -> None:
        """Call every connected callback with ``args``."""
        for callback in list(self._callbacks):
            callback(*args)
