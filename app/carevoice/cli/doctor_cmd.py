"""`care-voice doctor`: is the GPU used, and if not, exactly why."""

from __future__ import annotations

import json

from carevoice.cli.options import add_device_options


def register(commands) -> None:
    parser = commands.add_parser(
        "doctor",
        help="report the GPU, the engine's kernels, and the device decision",
        description="Exit status: 0 the GPU is used, 1 running on the CPU, 2 cannot transcribe.",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_device_options(parser, gpu_only_help="check as if the GPU-only setting were on")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run the GPU check again instead of using the cached result",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    from carevoice.engine.models import list_models
    from carevoice.engine.pool import make_gpu_context
    from carevoice.gpu.fake import FakeGpuError
    from carevoice.gpu.report import EXIT_CANNOT_RUN, build_report, exit_status, render_text

    gpu = make_gpu_context()
    try:
        facts = gpu.facts(
            run_preflight=args.device != "cpu", refresh=args.recheck, use_cache=not args.recheck
        )
    except FakeGpuError as exc:
        print(exc)
        return EXIT_CANNOT_RUN
    decision = gpu.decide(args.device, args.gpu_only, args.compute_type, facts=facts)
    report = build_report(facts, decision, list_models(), gpu.runtime_failure)
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render_text(report))
    return exit_status(report)
