"""The floor for startup_s and rss_mb: import PySide6 and SQLModel, open the same
database file, count its cases and show a bare window of the app's size; then say
ready exactly as the app's benchmark hook does, once it is painted (``ui/bench_hook.py``).

Usage: python bench/floor_window.py DATABASE
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import text
from sqlmodel import Session, create_engine

from ui.bench_hook import after_first_paint, cpu_seconds, peak_rss_kb


def main(database: str) -> int:
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        count = session.execute(text("SELECT count(*) FROM case_record")).scalar_one()
    app = QApplication(sys.argv[:1])
    window = QLabel(f"{count} cases")
    window.resize(1600, 900)
    window.show()

    def ready() -> None:
        Path(os.environ["ISCONF_BENCH_READY_FILE"]).write_text(
            f"{time.monotonic():.6f} {peak_rss_kb()} {cpu_seconds():.6f}\n", encoding="ascii"
        )
        app.quit()

    after_first_paint(window, ready)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
