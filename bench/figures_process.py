"""Figures from whole processes: cold start to a usable window, and its peak memory.

The app runs as ``python -m isconf.cli --db FILE gui`` offscreen and says when it is
ready through ``ui/bench_hook.py``; the floor is ``bench/floor_window.py`` on the same
file. Each run is timed from spawning the process to the time it wrote, and its peak
resident memory is the kernel's high-water mark (VmHWM) when it said ready. App and floor runs
alternate, so both see the same load on the machine; one warm-up run of each (the
file in the page cache, Python's bytecode compiled) is not counted.

The bytecode goes to a scratch folder (``PYTHONPYCACHEPREFIX``), written even where the
environment says not to (``PYTHONDONTWRITEBYTECODE``, set on this machine): otherwise
every counted run compiled isconf's own modules from source (~70 ms) while the floor's
libraries came compiled from site-packages, which is no installed app's start.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from context import Context, Result, median, repo_root

TIMEOUT_S = 180


def startup_s(ctx: Context) -> Result:
    runs = ctx.once("startup", lambda: _startup_runs(ctx))
    cpu = f"CPU to ready {median(runs['app_cpu']):.3f} s, floor {median(runs['floor_cpu']):.3f} s"
    return Result(median(runs["app_s"]), median(runs["floor_s"]), note=cpu)


def rss_mb(ctx: Context) -> Result:
    runs = ctx.once("startup", lambda: _startup_runs(ctx))
    return Result(median(runs["app_mb"]), median(runs["floor_mb"]))


def _startup_runs(ctx: Context) -> dict[str, list[float]]:
    database = ctx.working_copy(ctx.sizes.cases, "startup")
    app = [sys.executable, "-m", "isconf.cli", "--db", str(database), "gui"]
    floor = [sys.executable, str(repo_root() / "bench" / "floor_window.py"), str(database)]
    runs: dict[str, list[float]] = {f"{n}_{k}": [] for n in ("app", "floor") for k in ("s", "mb", "cpu")}
    for attempt in range(ctx.sizes.repeats + 1):
        for name, argv in (("app", app), ("floor", floor)):
            seconds, megabytes, cpu = run_until_ready(ctx, argv)
            if attempt:  # the first of each is the warm-up
                runs[f"{name}_s"].append(seconds)
                runs[f"{name}_mb"].append(megabytes)
                runs[f"{name}_cpu"].append(cpu)
    return runs


def run_until_ready(ctx: Context, argv: list[str]) -> tuple[float, float, float]:
    """Seconds from spawn to ready, and peak RSS in MB and CPU seconds when ready, of one run."""
    ready = ctx.work / "ready"
    ready.unlink(missing_ok=True)
    env = ctx.environment() | {
        "ISCONF_BENCH_READY_FILE": str(ready),
        "ISCONF_BENCH_QUIT": "1",
        "PYTHONPYCACHEPREFIX": str(ctx.work / "bytecode"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    log = ctx.work / "child.log"
    with log.open("wb") as errors:
        # CLOCK_MONOTONIC is one clock for every process on the machine (since boot), and no
        # shifted wall clock (libfaketime in the tests) moves it.
        spawned = time.monotonic()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=errors, cwd=ctx.work)
        killer = threading.Timer(TIMEOUT_S, process.kill)
        killer.start()
        try:
            process.wait()
        finally:
            killer.cancel()
    if process.returncode != 0 or not ready.exists():
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(
            f"{' '.join(argv[1:3])} exited {process.returncode} before ready: {' | '.join(tail)}"
        )
    at, peak_kb, cpu = ready.read_text(encoding="ascii").split()
    return float(at) - spawned, int(peak_kb) / 1024, float(cpu)


def pg_startup_s(ctx: Context) -> Result:
    """Cold start on the benchmark's PostgreSQL server, against the same start on the SQLite file
    (runs alternate, one warm-up of each)."""
    from figures_db import pg_database

    url = pg_database(ctx)
    database = ctx.working_copy(ctx.sizes.cases, "startup-pg-floor")
    server = [sys.executable, "-m", "isconf.cli", "--db", url, "gui"]
    local = [sys.executable, "-m", "isconf.cli", "--db", str(database), "gui"]
    runs: dict[str, list[float]] = {"pg": [], "sqlite": []}
    for attempt in range(ctx.sizes.repeats + 1):
        for name, argv in (("pg", server), ("sqlite", local)):
            seconds, _megabytes, _cpu = run_until_ready(ctx, argv)
            if attempt:
                runs[name].append(seconds)
    return Result(median(runs["pg"]), median(runs["sqlite"]), note="floor: the app on the SQLite file")
