"""How quickly dictated words appear as settled text, and how soon after stop the text is final.

Plays about 30 s of espeak-ng speech (sentences from tests.speech.LONG_SENTENCES, with
pauses) into a private PulseAudio virtual microphone (tests/audio/pulse.py), records it
through PortAudio with Care Voice's Dictation, and measures:

- stop -> final text: from pressing stop to the final Transcript (target: <= 1.0 s with
  tiny.en on 2 CPU cores);
- settle lag: for each settled word, from when its audio reached the app (the word's
  end, by its timestamp) to when it settled;
- the live text's word error rate against the script.

Each run also says where the time from stop to final text went (closing the recording,
a pass already running when stop came, the final pass, making the Transcript), and
`--encoder` measures, in the same run, one live pass against Whisper's encoder on the
30 s it always gets (faster-whisper pads every window to 3000 frames) and on input sized
to the window: where a pass's time goes.

Two ways of stopping: "after-pause" (the speaker finishes the sentence, pauses, presses
stop: the usual case) and "mid-sentence" (stop pressed 2 s before the speech ends, so the
unsettled tail must be transcribed after stop: the worst case).

    .venv/bin/python benchmarks/dictation_latency.py
    .venv/bin/python benchmarks/dictation_latency.py --repeat 3 --json benchmarks/out/dictation.json
    .venv/bin/python benchmarks/dictation_latency.py --repeat 5 --compare-encoder-pad 3.0
    .venv/bin/python benchmarks/dictation_latency.py --encoder --repeat 0
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _path in (REPO / "app", REPO):  # tests.speech and tests.audio.pulse, and carevoice
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TARGET_STOP_TO_FINAL_S = 1.0
PAUSE_S = 0.7  # between sentences, as in tests.speech.long_speech
MID_SENTENCE_STOP_BEFORE_END_S = 2.0
DEFAULT = "default"  # the live transcriber's own LiveTuning().encoder_pad_s


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def make_speech(folder: Path, seconds: float) -> tuple[Path, str]:
    """Sentences and pauses until at least `seconds` long; returns the file and its text."""
    from tests.speech import LONG_SENTENCES, espeak

    from carevoice.audio.decode import decode_audio

    pause = folder / "pause.wav"
    subprocess.run(
        ["sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(pause), "trim", "0", str(PAUSE_S)],
        check=True,
    )
    parts, text, total = [], [], 0.0
    for i, sentence in enumerate(LONG_SENTENCES):
        part = espeak(sentence, folder / f"sentence_{i}.wav")
        parts += [str(part), str(pause)]
        text.append(sentence)
        total += decode_audio(part).duration_s + PAUSE_S
        if total >= seconds:
            break
    speech = folder / "dictation.wav"
    subprocess.run(["sox", *parts, str(speech)], check=True)
    return speech, " ".join(text)


def dictate_once(mic, speech: Path, duration_s: float, reference: str, pool, model, stop,
                 encoder_pad_s: float | None | str = DEFAULT):  # fmt: skip
    from tests.speech import word_error_rate

    from carevoice.engine.dictation import Dictation
    from carevoice.engine.live import LiveTuning
    from carevoice.engine.transcriber import TranscribeOptions

    if encoder_pad_s == DEFAULT:
        encoder_pad_s = LiveTuning().encoder_pad_s
    updates = []
    dictation = Dictation(
        pool,
        TranscribeOptions(model=model, language="en"),
        on_update=lambda u: updates.append((time.monotonic(), u)),
        tuning=LiveTuning(encoder_pad_s=encoder_pad_s),
    )
    dictation.start()
    dictation.live.ready.wait(120)
    player = mic.play(speech)
    started = time.monotonic()
    if stop == "after-pause":
        player.wait(duration_s + 30)
    else:
        time.sleep(max(0.0, duration_s - PAUSE_S - MID_SENTENCE_STOP_BEFORE_END_S))
    stop_pressed = time.monotonic()
    passes_at_stop = dictation.live.passes
    pass_in_flight = not dictation.live._idle.is_set()  # a pass is running as stop comes
    result = dictation.stop()
    player.kill()
    player.wait(5)
    live = dictation.live
    lags = [w.settled_at - w.arrived_at for w in live.settled_words if w.arrived_at is not None]
    settled_before_stop = [w for w in live.settled_words if w.settled_at < stop_pressed]
    text = result.transcript.text
    scored = reference
    if stop == "mid-sentence":  # only what was said before stop can be right
        scored = " ".join(reference.split()[: max(1, len(text.split()))])
    return {
        "stop": stop,
        "encoder_pad_s": encoder_pad_s,
        "spoken_s": round(stop_pressed - started, 2),
        "recorded_s": round(result.recording.duration_s, 2),
        "overflows": result.recording.overflows,  # blocks the recorder was too busy for
        "stop_to_final_s": round(result.stop_to_final_s, 3),
        "passes_after_stop": live.passes - passes_at_stop,  # a pass in flight counts
        **stop_profile(dictation, stop_pressed, passes_at_stop, pass_in_flight),
        "settle_lag_median_s": round(statistics.median(lags), 2) if lags else None,
        "settle_lag_p90_s": round(_percentile(lags, 90), 2) if lags else None,
        "settle_lag_max_s": round(max(lags), 2) if lags else None,
        "words_settled_before_stop": len(settled_before_stop),
        "words_final": len(text.split()),
        "passes": live.passes,
        "pass_mean_s": round(statistics.mean(live.pass_seconds), 3) if live.pass_seconds else 0,
        "pass_max_s": round(max(live.pass_seconds), 3) if live.pass_seconds else 0,
        "wer": round(word_error_rate(scored, text), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "text": text,
    }


def stop_profile(dictation, stop_pressed: float, passes_at_stop: int, in_flight: bool) -> dict:
    """Where the time from stop to final text goes: closing the recording (the recorder
    drains its queue, fsyncs and closes the WAV, and the last audio reaches the live
    transcriber), a pass already running when stop came, the final pass over the
    unsettled tail, and making the Transcript."""
    live = dictation.live
    finish_at = live.finish_requested_at or stop_pressed
    final_at = live.final_at or finish_at
    after = live.pass_seconds[passes_at_stop:]
    final_pass_s = after[-1] if after and len(after) > (1 if in_flight else 0) else 0.0
    return {
        "recorder_stop_s": round(finish_at - stop_pressed, 3),
        "pass_in_flight": in_flight,
        "in_flight_wait_s": round(max(0.0, final_at - finish_at - final_pass_s), 3),
        "final_pass_s": round(final_pass_s, 3),
        "final_pass_audio_s": round(live.pass_audio_s[-1], 2) if final_pass_s else 0.0,
        "after_final_s": round(
            max(0.0, dictation.result.stop_to_final_s - (final_at - stop_pressed)), 3
        ),  # fmt: skip
    }


def encoder_share(model_name: str, speech: Path, window_s: float = 6.0, repeat: int = 5) -> dict:
    """One live pass over `window_s` of speech against the encoder alone, on the padded
    30 s input every pass gets now and on input sized to the window (medians of `repeat`,
    in seconds, measured one after the other in this run)."""
    import ctranslate2
    import numpy as np
    from faster_whisper import WhisperModel

    from carevoice.audio.decode import decode_audio
    from carevoice.engine.live_pass import decode_window
    from carevoice.engine.models import resolve_model
    from carevoice.engine.transcriber import TranscribeOptions

    model = WhisperModel(str(resolve_model(model_name).path), device="cpu", compute_type="int8")
    audio = decode_audio(speech).samples[: round(window_s * 16000)]
    features = model.feature_extractor(audio)

    def encode(frames: int) -> float:
        padded = np.pad(features, ((0, 0), (0, max(0, frames - features.shape[1]))))
        view = ctranslate2.StorageView.from_array(np.ascontiguousarray(padded[None, :, :frames]))
        started = time.perf_counter()
        model.model.encode(view, to_cpu=True)
        return time.perf_counter() - started

    def one_pass() -> float:
        started = time.perf_counter()
        decode_window(model, audio, 0.0, TranscribeOptions(language="en"), "en", 1, None)
        return time.perf_counter() - started

    one_pass(), encode(3000)  # warm up
    sized = features.shape[1]
    timed = {
        "pass_s": statistics.median(one_pass() for _ in range(repeat)),
        "encoder_30s_s": statistics.median(encode(3000) for _ in range(repeat)),
        "encoder_sized_s": statistics.median(encode(sized) for _ in range(repeat)),
    }
    result = {k: round(v, 3) for k, v in timed.items()}
    result["window_s"] = window_s
    result["encoder_share_of_pass"] = round(timed["encoder_30s_s"] / timed["pass_s"], 2)
    result["sized_vs_padded"] = round(timed["encoder_sized_s"] / timed["encoder_30s_s"], 2)
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    return result


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the dictation")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each way of stopping")
    parser.add_argument("--stop", choices=("after-pause", "mid-sentence", "both"), default="both")
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument(
        "--compare-encoder-pad",
        type=float,
        metavar="S",
        help="alternate runs as today and with the encoder sized to the window + S seconds",
    )

    parser.add_argument(
        "--encoder", action="store_true", help="also time one pass against the encoder alone"
    )
    args = parser.parse_args()

    from tests.audio.pulse import pulseaudio_missing, virtual_microphone

    from carevoice.audio.decode import decode_audio
    from carevoice.engine.pool import ModelPool
    from carevoice.engine.transcriber import TranscribeOptions, decide_for_job

    missing = pulseaudio_missing()
    if missing:
        log(f"cannot run: {missing}")
        return 2
    stops = ("after-pause", "mid-sentence") if args.stop == "both" else (args.stop,)
    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        os.environ["CAREVOICE_HOME"] = str(Path(workdir) / "home")
        speech, reference = make_speech(Path(workdir), args.seconds)
        duration_s = decode_audio(speech).duration_s
        log(f"speech: {duration_s:.1f} s, {len(reference.split())} words")
        pool = ModelPool(max_loaded=1, workers=1)
        # Loaded once, as the app does when the Dictate panel opens.
        load_started = time.perf_counter()
        decision = decide_for_job(pool.gpu, TranscribeOptions())
        with pool.lease(args.model, decision.device, decision.compute_type):
            pass
        log(f"model {args.model} loaded in {time.perf_counter() - load_started:.2f} s")
        with virtual_microphone() as mic:
            for stop in stops:
                variants: list[float | None | str] = [DEFAULT]
                if args.compare_encoder_pad is not None:
                    variants.append(args.compare_encoder_pad)
                for i in range(args.repeat * len(variants)):
                    pad = variants[i % len(variants)]  # alternated: the load hits both alike
                    log(f"run {i + 1}/{args.repeat * len(variants)}, stop {stop}, pad {pad}…")
                    runs.append(dictate_once(mic, speech, duration_s, reference, pool,
                                             args.model, stop, pad))  # fmt: skip
                    r = runs[-1]
                    log(
                        f"  stop->final {r['stop_to_final_s']:.3f} s, settle lag median "
                        f"{r['settle_lag_median_s']} s (p90 {r['settle_lag_p90_s']}, max "
                        f"{r['settle_lag_max_s']}), WER {r['wer']:.3f}, {r['passes']} passes "
                        f"of {r['pass_mean_s']:.2f} s mean, load {r['load_average_1min']}"
                    )
                    log(
                        f"  after stop: recording closed {r['recorder_stop_s']:.3f} s, pass "
                        f"in flight {r['in_flight_wait_s']:.3f} s, final pass "
                        f"{r['final_pass_s']:.3f} s over {r['final_pass_audio_s']} s"
                    )
        encoder = encoder_share(args.model, speech) if args.encoder else None
    if runs:
        print_table(runs, args, duration_s)
    if encoder is not None:
        print(f"one pass over {encoder['window_s']:.0f} s: {encoder['pass_s']:.3f} s; the "
              f"encoder on 30 s (padded): {encoder['encoder_30s_s']:.3f} s "
              f"({encoder['encoder_share_of_pass']:.0%} of the pass); on input sized to the "
              f"window: {encoder['encoder_sized_s']:.3f} s ({encoder['sized_vs_padded']:.2f}x)"
              f", load {encoder['load_average_1min']}")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        machine = {"cpu_count": os.cpu_count(), "platform": platform.platform()}
        data = {"machine": machine, "runs": runs, "encoder": encoder}
        args.json.write_text(json.dumps(data, indent=1) + "\n")
    today = [r["stop_to_final_s"] for r in runs if r["encoder_pad_s"] == runs[0]["encoder_pad_s"]]
    return 0 if not today or max(today) <= TARGET_STOP_TO_FINAL_S else 1


def print_table(runs, args, duration_s: float) -> None:
    print(f"\nDictation latency: {args.model}, {duration_s:.1f} s of speech, "
          f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()})")  # fmt: skip
    header = f"{'stop':<13}{'pad':>5}{'stop->final':>12}{'lag med':>9}{'lag p90':>9}{'lag max':>9}"
    header += f"{'passes':>8}{'after':>6}{'pass s':>8}{'WER':>7}{'load':>6}"
    print(header)
    for r in runs:
        print(
            f"{r['stop']:<13}{pad_label(r['encoder_pad_s']):>5}"
            f"{r['stop_to_final_s']:>11.3f}s{r['settle_lag_median_s']:>8.2f}s"
            f"{r['settle_lag_p90_s']:>8.2f}s{r['settle_lag_max_s']:>8.2f}s{r['passes']:>8}"
            f"{r['passes_after_stop']:>6}"
            f"{r['pass_mean_s']:>7.2f}s{r['wer']:>7.3f}{r['load_average_1min']:>6.1f}"
        )
    for stop in dict.fromkeys(r["stop"] for r in runs):
        pads = list(dict.fromkeys(r["encoder_pad_s"] for r in runs))
        by_pad = {
            p: [r for r in runs if r["stop"] == stop and r["encoder_pad_s"] == p] for p in pads
        }
        for other in pads[1:]:
            for key in ("stop_to_final_s", "pass_mean_s", "wer"):
                a = statistics.median(r[key] for r in by_pad[pads[0]])
                b = statistics.median(r[key] for r in by_pad[other])
                ratio = f"x{b / a:.2f}" if a else "-"
                print(f"{stop}: {key} median today (pad {pad_label(pads[0])}) {a:.3f}, "
                      f"pad {pad_label(other)} {b:.3f} ({ratio})")  # fmt: skip
        for pad in pads:
            values = [r["stop_to_final_s"] for r in by_pad[pad]]
            ok = max(values) <= TARGET_STOP_TO_FINAL_S
            print(f"{stop}, pad {pad_label(pad)}: stop->final median "
                  f"{statistics.median(values):.3f} s, max {max(values):.3f} s over "
                  f"{len(values)} runs; target <= {TARGET_STOP_TO_FINAL_S} s: "
                  f"{'PASS' if ok else 'MISS'}")  # fmt: skip


def pad_label(pad: float | None) -> str:
    """How a run's encoder was padded: seconds after the window, or "30s" (Whisper's own)."""
    return "30s" if pad is None else f"{pad:g}"


if __name__ == "__main__":
    raise SystemExit(main())
