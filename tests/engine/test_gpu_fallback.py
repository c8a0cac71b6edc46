"""A model that fails on the GPU while a job runs: the job goes on on the CPU, and says so.

The preflight runs a tiny model for a moment; a real job can still meet a GPU failure
(the lent H200 loaded the model on CUDA, then its first encode raised the error recorded
in tests/data/gpu/h200-real). The GPU is faked with the recorded rtx4090 profile (preflight
passed) and a stand-in for faster-whisper on CUDA that raises the real engine's words;
the CPU side is the real tiny.en model on real speech.
"""

from __future__ import annotations

import pytest

from carevoice.engine.live import LiveTranscriber, LiveUpdate
from carevoice.engine.transcriber import (
    GpuFailed,
    SegmentReady,
    Stage,
    TranscribeOptions,
    TranscriptionError,
    TranscriptionJob,
)
from carevoice.gpu.context import GpuContext
from carevoice.gpu.cuda_errors import gpu_failure_reason
from tests.engine.test_live import TINY, check_never_changed, feed_as_if_live
from tests.failing_gpu import H200_ERROR, failing_gpu_pool
from tests.speech import ENGLISH_NOTE, MAX_LIVE_WER, word_error_rate

MAX_WER_TINY = 0.15


def run(job: TranscriptionJob):
    events = []
    transcript = job.run(events.append)
    return transcript, events


ENGLISH = TranscribeOptions(model="tiny.en", language="en")


def test_a_gpu_failure_at_the_first_encode_moves_the_job_to_the_cpu(rtx4090, speech):
    pool = failing_gpu_pool()
    transcript, events = run(TranscriptionJob(speech["en"], ENGLISH, pool))

    [failure] = [e for e in events if isinstance(e, GpuFailed)]
    assert "libcublas.so.12" in failure.reason
    assert "pip install nvidia-cublas-cu12" in failure.reason
    stages = [(e.name, e.detail) for e in events if isinstance(e, Stage)]
    assert ("loading model", "tiny.en on cuda (float16)") in stages
    assert ("loading model", "tiny.en on cpu (int8)") in stages
    assert transcript.device == "cpu" and transcript.compute_type == "int8"
    assert word_error_rate(ENGLISH_NOTE, transcript.text) <= MAX_WER_TINY, transcript.text
    assert transcript.warnings[0].startswith("The GPU failed, so this file was transcribed on")
    assert [key[1] for key in pool.load_counts] == ["cuda", "cpu"]

    # The next job goes straight to the CPU, and the status line says why.
    later = pool.gpu.decide()
    assert later.device == "cpu" and not later.refused
    assert later.summary.startswith("CPU · int8 — GPU not used: The GPU failed while transcrib")
    assert "libcublas.so.12" in later.summary
    run(TranscriptionJob(speech["en"], ENGLISH, pool))
    assert sum(n for key, n in pool.load_counts.items() if key[1] == "cuda") == 1

    # Running the GPU check again gives the GPU another go.
    pool.gpu.facts(refresh=True)
    assert pool.gpu.decide().device == "cuda"


def test_a_gpu_failure_partway_fails_the_job_in_plain_words_and_retry_uses_the_cpu(rtx4090, speech):
    pool = failing_gpu_pool("CUDA failed with error unspecified launch failure", 1)
    job = TranscriptionJob(speech["en"], ENGLISH, pool)
    events = []
    with pytest.raises(TranscriptionError) as caught:
        job.run(events.append)
    # The one segment out before the failure, cut into its sentences (engine/segmenting.py).
    shown = [e.segment for e in events if isinstance(e, SegmentReady)]
    assert 1 <= len(shown) <= 2 and shown[0].start_s < 0.5
    assert str(caught.value) == (
        "The GPU failed partway through this file: The GPU failed while running a model: "
        "CUDA failed with error unspecified launch failure Retry it to transcribe it on the CPU."
    )
    retried, _ = run(TranscriptionJob(speech["en"], ENGLISH, pool))
    assert retried.device == "cpu" and not retried.warnings
    assert word_error_rate(ENGLISH_NOTE, retried.text) <= MAX_WER_TINY, retried.text


def test_gpu_only_fails_the_job_instead_of_using_the_cpu(rtx4090, speech):
    pool = failing_gpu_pool("CUDA failed with error out of memory")
    options = TranscribeOptions(model="tiny.en", language="en", gpu_only=True)
    events = []
    with pytest.raises(TranscriptionError) as caught:
        TranscriptionJob(speech["en"], options, pool).run(events.append)
    message = str(caught.value)
    assert message.startswith("Not running — GPU only is on and the GPU cannot be used")
    assert "The GPU ran out of memory. Fix: close other programs" in message
    assert any(isinstance(e, GpuFailed) for e in events)
    assert [key[1] for key in pool.load_counts] == ["cuda"]  # never the CPU


def test_an_error_that_is_not_the_gpus_does_not_leave_the_gpu(rtx4090, speech):
    pool = failing_gpu_pool("Invalid input features shape: expected an input with shape (1, 80)")
    with pytest.raises(RuntimeError, match="Invalid input features shape"):
        TranscriptionJob(speech["en"], ENGLISH, pool).run()
    assert pool.gpu.runtime_failure is None
    assert pool.gpu.decide().device == "cuda"


def test_a_gpu_failure_mid_dictation_goes_on_on_the_cpu_keeping_every_settled_word(
    rtx4090, note_audio
):
    # Four passes on the "GPU", then a failure in the middle of the note.
    pool = failing_gpu_pool(
        "CUDA failed with error an illegal memory access was encountered", good_calls=4
    )
    updates: list[LiveUpdate] = []
    live = LiveTranscriber(TINY, pool, on_update=updates.append).start()
    feed_as_if_live(live, note_audio)
    transcript = live.finish()

    assert [key[1] for key in pool.load_counts] == ["cuda", "cpu"]
    assert transcript.device == "cpu"
    check_never_changed(updates, transcript.text)  # nothing settled on the GPU was lost
    assert word_error_rate(ENGLISH_NOTE, transcript.text) <= MAX_LIVE_WER, transcript.text
    assert transcript.warnings == [
        "The GPU failed, so this dictation was transcribed on the CPU: The GPU failed while "
        "running a model: CUDA failed with error an illegal memory access was encountered"
    ]
    assert pool.gpu.decide().device == "cpu"


def test_a_dictation_in_gpu_only_mode_stops_with_the_reason(rtx4090, note_audio):
    pool = failing_gpu_pool("CUDA failed with error out of memory")
    options = TranscribeOptions(model="tiny.en", language="en", gpu_only=True)
    live = LiveTranscriber(options, pool).start()
    live.feed(note_audio[: 3 * 16000])
    with pytest.raises(TranscriptionError, match="GPU only is on .* The GPU ran out of memory"):
        live.finish()
    assert [key[1] for key in pool.load_counts] == ["cuda"]


def test_a_cpu_job_never_counts_as_a_gpu_failure():
    gpu = GpuContext()
    assert gpu.note_if_failure(RuntimeError(H200_ERROR), "cpu") is None
    assert gpu.runtime_failure is None


@pytest.mark.parametrize(
    "engine_text, expected",
    [
        (H200_ERROR, "libcublas.so.12 (cuBLAS 12) is missing"),
        ("CUDA failed with error out of memory", "The GPU ran out of memory."),
        (
            "cuBLAS failed with status CUBLAS_STATUS_NOT_SUPPORTED",
            "cuBLAS cannot run this compute type on this GPU",
        ),
        (
            "CUDA failed with error no kernel image is available for execution on the device",
            "The engine has no GPU code for this card's architecture",
        ),
        (
            "CUDA failed with error an illegal memory access was encountered",
            "The GPU failed while running a model: CUDA failed with error an illegal memory",
        ),
        (
            "cuDNN failed with status CUDNN_STATUS_EXECUTION_FAILED",
            "The GPU failed while running a model: cuDNN failed with status",
        ),
        ('The file "visit.mp3" is damaged: none of its sound could be decoded.', None),
        ("No such file or directory", None),
    ],
)
def test_which_errors_are_the_gpus(engine_text, expected):
    reason = gpu_failure_reason(RuntimeError(engine_text))
    if expected is None:
        assert reason is None
    else:
        assert reason.startswith(expected), reason
