"""Figures without a window: evaluation per case and importing case files."""

from __future__ import annotations

import json

import synth
from context import Context, Result, Stopwatch, median

from isconf import clock, rules
from isconf.services import Services


def evaluate_us(ctx: Context) -> Result:
    """Microseconds per case to evaluate ``evaluate_cases`` realistic cases (rules.evaluate)."""
    today = clock.today()
    templates = synth.parsed_templates(today)
    cases = [templates[i % len(templates)] for i in range(ctx.sizes.evaluate_cases)]
    rules.evaluate(cases[0], today)  # loads the rules reference once, as the app does at first use
    runs, cpu = [], []
    for _ in range(ctx.sizes.repeats):
        with Stopwatch() as watch:
            for case in cases:
                rules.evaluate(case, today)
        runs.append(watch.wall / len(cases) * 1e6)
        cpu.append(watch.cpu / len(cases) * 1e6)
    return Result(median(runs), note=f"CPU {median(cpu):.1f} µs")


def import_s(ctx: Context) -> Result:
    """Seconds to import ``import_files`` case files through ``Services.import_files`` (the path
    the CLI and the app's import take) into a copy of the ``cases`` database."""
    folder = ctx.work / "import"
    folder.mkdir(exist_ok=True)
    paths = []
    for i, document in enumerate(synth.case_documents(ctx.sizes.import_files, clock.today())):
        path = folder / f"case-{i:05d}.json"
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
        paths.append(path)
    runs, cpu = [], []
    for run in range(max(1, ctx.sizes.repeats // 2)):
        services = Services.open(str(ctx.working_copy(ctx.sizes.cases, f"import-{run}")))
        try:
            with Stopwatch() as watch:
                results = services.import_files(paths)
            runs.append(watch.wall)
            cpu.append(watch.cpu)
        finally:
            services.close()
        refused = [r for r in results if not r.ok]
        if refused:
            raise RuntimeError(f"synthetic import refused: {refused[0].source}: {refused[0].problems[0]}")
    return Result(median(runs), note=f"CPU {median(cpu):.2f} s")
