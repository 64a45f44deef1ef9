"""What one browser tab, and one address, may ask of ``nnwb serve``.

A tab's app turns every character it is sent into an event it queues (a megabyte of keys grew
one to 449 MB, four floods of 3.9 MB to 7.5 GB), and draws every cell of the screen it is told
it has (3000x2000 kept one too busy to quit). So the server passes on a bounded amount of
input and a bounded screen, and holds a bounded number of tabs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from tui.serve.hosts import is_loopback_address

MAX_FRAME_BYTES = 1024 * 1024  # a websocket message beyond this is no browser's: the tab is closed
INPUT_BURST_BYTES = 64 * 1024  # keys and pastes at once: a 64 KB paste goes through
INPUT_RATE_BYTES_S = 16 * 1024  # ... and then this much a second (a person types tens of bytes)
MAX_QUEUED_BYTES = 256 * 1024  # written for the app and not read by it yet
MAX_WIDTH, MAX_HEIGHT = 500, 200  # cells; a larger window gets this much, the rest stays blank
# A page sends a resize per step of a window's drag, but only the last size matters, and each one
# costs the app a full redraw (270k resizes in 10 s cost the server 1.3 cores): the app is told
# the latest size (and focus) at most this often.
RESIZE_INTERVAL_S = 0.25
PINGS_AT_ONCE, PINGS_A_SECOND = 10, 2  # a page pings now and then to time the round trip; beyond: unanswered
DEFAULT_TABS_PER_ADDRESS = 4
DEFAULT_MAX_TABS = 40
# An HTTP connection with no request for this long is closed, and so is a websocket that has not
# sent its first message (a page sends its size at once; a tab idle later is a learner reading).
IDLE_CONNECTION_S = 60.0


@dataclass(frozen=True)
class TabLimits:
    """At most ``per_address`` tabs from one address, except the loopback's (behind SSH port
    forwarding every learner's tab comes from 127.0.0.1), and ``total`` in all."""

    per_address: int = DEFAULT_TABS_PER_ADDRESS
    total: int = DEFAULT_MAX_TABS

    def refusal(self, address: str, open_from_address: int, open_in_all: int) -> str | None:
        """What the page of a tab beyond the limits shows (one line), or None to open it."""
        if open_from_address >= self.per_address and not is_loopback_address(address):
            return (f"This computer already has {_tabs(open_from_address)} open, the most one may have: "
                    "close one, then press Restart.")
        if open_in_all >= self.total:
            return f"The server already runs {_tabs(open_in_all)}, the most it takes: close one, or try again later."
        return None


def _tabs(count: int) -> str:
    return f"{count} nnwb tab" if count == 1 else f"{count} nnwb tabs"


def clamp_size(width: object, height: object, default: tuple[int, int] = (80, 24)) -> tuple[int, int]:
    """A screen size the app is given: whole cells, 1 to MAX_WIDTH by 1 to MAX_HEIGHT."""
    return _clamp(width, default[0], MAX_WIDTH), _clamp(height, default[1], MAX_HEIGHT)


def _clamp(value: object, default: int, most: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]  # str, float or anything a page sent
    except (TypeError, ValueError, OverflowError):
        number = default
    return max(1, min(most, number))


class InputBudget:
    """A token bucket: up to INPUT_BURST_BYTES at once, refilled at INPUT_RATE_BYTES_S. The app
    cannot say it is behind, so this bounds what piles up in its event queue."""

    def __init__(self, burst: int = INPUT_BURST_BYTES, rate: float = INPUT_RATE_BYTES_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.burst, self.rate, self.clock = burst, rate, clock
        self.left = float(burst)
        self.then = clock()

    def take(self, size: int) -> bool:
        """Whether ``size`` bytes may go to the app now (and they are counted if so)."""
        now = self.clock()
        self.left = min(float(self.burst), self.left + (now - self.then) * self.rate)
        self.then = now
        if size > self.left:
            return False
        self.left -= size
        return True
