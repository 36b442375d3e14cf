"""The trade-off chart of one case in the summary PDF.

The chart is the screen's (``isconf.tradeoff.chart``, the same ``draw_figure``) of the
view rebuilt from the stored trade-off JSON, printed at the text width at about 150 dpi.
It is drawn when the layout first places it, so a progress report per case follows
the real work (drawing the charts is most of the PDF's time). Drawing them on worker
threads was tried: matplotlib holds the interpreter lock for most of it, so it gained
nothing and is not done.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from isconf.tradeoff.chart import WIDTH_IN, chart_image
from isconf.tradeoff.model import TradeoffView

# Drawn as wide as on screen (narrower clips the option names) and printed at the text width
# (about 7 in), so CHART_PX gives about 150 dpi on paper.
CHART_PX = 1050


class ChartImage(Flowable):
    """The chart of ``view`` at ``width``; ``placed`` runs once it is drawn."""

    def __init__(self, view: TradeoffView, width: float, placed: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._view, self._width, self._placed = view, width, placed
        self._reader: ImageReader | None = None
        self._height = 0.0

    def _resolved(self) -> ImageReader:
        if self._reader is None:
            picture = chart_image(self._view, width_px=CHART_PX, dpi=round(CHART_PX / WIDTH_IN))
            px_w, px_h = picture.size
            self._reader, self._height = ImageReader(picture), self._width * px_h / px_w
            if self._placed is not None:
                self._placed()
        return self._reader

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._resolved()
        return self._width, self._height

    def draw(self) -> None:
        self.canv.drawImage(self._resolved(), 0, 0, width=self._width, height=self._height)
