"""The Qt bridge itself (ui/runner.py): a Job's signals in order, cancel, a deleted receiver,
a failing job, one-shot tasks. The model is a stand-in that hands out known segments, so
these tests check the bridge and nothing else."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QObject, Signal

from carevoice.engine.pool import ModelPool
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.ui.runner import JobRunner, relay, run_in_thread

CPU = TranscribeOptions(model="tiny.en", language="en", device="cpu", batch_size=0)
AUDIO = np.zeros(16000 * 3, np.float32)  # 3 s: the stand-in's segments cover 0..3 s
WAIT_MS = 10_000


class _StandIn:
    """faster-whisper's model as far as a job sees it: three segments of a second each.
    With `gate`, each segment after the first waits for it; `error` raises at the start."""

    def __init__(self, gate: threading.Event | None = None, error: str = ""):
        self.gate, self.error = gate, error
        self.first_segment_out = threading.Event()

    def transcribe(self, _samples, **_options):
        if self.error:
            raise RuntimeError(self.error)
        info = SimpleNamespace(language="en", language_probability=0.99)
        return self._segments(), info

    def _segments(self):
        for n in range(3):
            if n and self.gate is not None:
                self.first_segment_out.set()
                assert self.gate.wait(WAIT_MS / 1000)
            yield SimpleNamespace(
                start=float(n),
                end=n + 1.0,
                text=f" Sentence number {n + 1}.",
                words=None,
                avg_logprob=-0.1,
                no_speech_prob=0.01,
                compression_ratio=1.2,
            )


def _runner(model: _StandIn) -> JobRunner:
    pool = ModelPool(max_loaded=1, workers=1, loader=lambda *_: (model, model))
    return JobRunner(workers=1, pool=pool)


@pytest.fixture
def gate():
    gate = threading.Event()
    yield gate
    gate.set()  # never leave a worker waiting


def _record(job) -> list[tuple]:
    events: list[tuple] = []
    job.stage.connect(lambda name, _detail: events.append(("stage", name)))
    job.progress.connect(lambda fraction, _eta: events.append(("progress", round(fraction, 2))))
    job.segment.connect(lambda segment: events.append(("segment", segment.text.strip())))
    job.finished.connect(lambda transcript: events.append(("finished", transcript)))
    job.failed.connect(lambda message: events.append(("failed", message)))
    return events


def test_a_jobs_signals_arrive_in_order_and_end_with_its_transcript(qtbot):
    runner = _runner(_StandIn())
    try:
        job = runner.submit(AUDIO, CPU, source_name="three sentences")
        events = _record(job)
        with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
            pass
        qtbot.wait(50)  # anything wrongly sent after the end would arrive now
    finally:
        runner.shutdown()
    kinds = [kind for kind, _ in events]
    assert [value for kind, value in events if kind == "stage"] == [
        "loading model",
        "transcribing",
        "done",
    ]
    assert [value for kind, value in events if kind == "segment"] == [
        "Sentence number 1.",
        "Sentence number 2.",
        "Sentence number 3.",
    ]
    assert events.index(("stage", "transcribing")) < kinds.index("segment")
    assert kinds.index("progress") > kinds.index("segment")
    assert events[-2] == ("stage", "done") and kinds[-1] == "finished"
    assert "failed" not in kinds
    transcript = events[-1][1]
    assert transcript.source == "three sentences" and not transcript.cancelled
    assert transcript.device == "cpu" and len(transcript.segments) == 3
    assert job.done


def test_two_jobs_each_hear_only_their_own_events(qtbot):
    runner = _runner(_StandIn())
    try:
        first, second = runner.submit(AUDIO, CPU, "one"), runner.submit(AUDIO, CPU, "two")
        heard_first, heard_second = _record(first), _record(second)
        with qtbot.waitSignals([first.finished, second.finished], timeout=WAIT_MS):
            pass
    finally:
        runner.shutdown()
    assert heard_first[-1][1].source == "one" and heard_second[-1][1].source == "two"
    assert len([e for e in heard_first if e[0] == "segment"]) == 3
    assert len([e for e in heard_second if e[0] == "segment"]) == 3


def test_cancel_a_queued_job_fails_it_and_a_running_one_keeps_what_it_did(qtbot, gate):
    model = _StandIn(gate)
    runner = _runner(model)
    try:
        running = runner.submit(AUDIO, CPU)
        queued = runner.submit(AUDIO, CPU)
        ran, waited = _record(running), _record(queued)
        assert model.first_segment_out.wait(WAIT_MS / 1000)
        with qtbot.waitSignals([queued.failed, running.finished], timeout=WAIT_MS):
            queued.cancel()
            running.cancel()
            gate.set()
    finally:
        runner.shutdown()
    assert waited == [("failed", "Cancelled.")]  # nothing else of the queued job
    transcript = ran[-1][1]
    assert transcript.cancelled and 1 <= len(transcript.segments) < 3
    assert ("stage", "cancelled") in ran and ("stage", "done") not in ran


class _Receiver(QObject):
    heard = Signal(object)

    def __init__(self):
        super().__init__()
        self.transcripts: list = []

    def take(self, transcript) -> None:
        self.transcripts.append(transcript)


def test_a_receiver_deleted_before_the_job_ends_is_no_trouble(qtbot, gate):
    model = _StandIn(gate)
    runner = _runner(model)
    try:
        job = runner.submit(AUDIO, CPU)
        receiver = _Receiver()
        job.finished.connect(receiver.take)
        job.segment.connect(receiver.heard)  # a signal of the receiver, relayed
        assert model.first_segment_out.wait(WAIT_MS / 1000)
        shiboken6.delete(receiver)  # the window that asked went away mid-job
        gate.set()
        with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
            pass
        # The runner is not hurt: the next job runs to the end.
        after = runner.submit(AUDIO, CPU)
        with qtbot.waitSignal(after.finished, timeout=WAIT_MS):
            pass
    finally:
        runner.shutdown()


def test_relay_does_nothing_once_the_signals_owner_is_deleted(qtbot):
    receiver = _Receiver()
    heard: list = []
    receiver.heard.connect(heard.append)
    emit = relay(receiver.heard)
    thread = threading.Thread(target=emit, args=("before",))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: heard == ["before"], timeout=WAIT_MS)
    shiboken6.delete(receiver)
    emit("after")  # would raise RuntimeError: Internal C++ object already deleted
    assert heard == ["before"]


def test_a_failing_job_says_why_and_the_worker_goes_on(qtbot):
    model = _StandIn(error="the stand-in model broke")
    runner = _runner(model)
    try:
        job = runner.submit(AUDIO, CPU)
        events = _record(job)
        with qtbot.waitSignal(job.failed, timeout=WAIT_MS) as failed:
            pass
        model.error = ""
        after = runner.submit(AUDIO, CPU)
        with qtbot.waitSignal(after.finished, timeout=WAIT_MS):
            pass
    finally:
        runner.shutdown()
    assert failed.args == [
        "Transcription failed: the stand-in model broke. The log has the details."
    ]
    assert "finished" not in [kind for kind, _ in events]


def test_closing_fails_the_jobs_still_queued(qtbot, gate):
    model = _StandIn(gate)
    runner = _runner(model)
    running = runner.submit(AUDIO, CPU)
    queued = runner.submit(AUDIO, CPU)
    assert model.first_segment_out.wait(WAIT_MS / 1000)
    ended = _record(running)
    with qtbot.waitSignal(queued.failed, timeout=WAIT_MS) as closing:
        threading.Timer(0.2, gate.set).start()  # the stand-in's next segment, while closing
        runner.shutdown()
    assert closing.args == ["Cancelled because Care Voice was closing."]
    assert running.cancelled and runner.worker_count == 0
    qtbot.waitUntil(lambda: bool(ended) and ended[-1][0] == "finished", timeout=WAIT_MS)
    assert ended[-1][1].cancelled  # what the running job had done is kept


def test_run_in_thread_hands_back_the_result_or_the_exception(qtbot):
    results: list = []
    with qtbot.waitSignal((task := run_in_thread(lambda: 6 * 7, finished=results.append)).done):
        pass
    assert results == [42] and task.wait(1)

    def breaks():
        raise ValueError("no microphone")

    errors: list = []
    task = run_in_thread(breaks, failed=errors.append)
    with qtbot.waitSignal(task.done, timeout=WAIT_MS):
        pass
    assert [str(e) for e in errors] == ["no microphone"] and task.wait(1)
