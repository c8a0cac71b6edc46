"""Real media files for the audio tests, encoded at test time with PyAV and espeak-ng."""

from __future__ import annotations

import shutil
import subprocess
import wave
import zlib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

TONE_HZ = 440.0
TONE_S = 2.0
SPEECH_TEXT = "Care Voice turns speech into text on this computer."


@dataclass(frozen=True)
class MediaFormat:
    """How to encode one kind of test file: muxer, audio codec and, for videos, a video codec."""

    name: str
    suffix: str
    muxer: str
    audio_codec: str | None
    rate: int = 48000
    channels: int = 2
    video_codec: str | None = None

    def missing_encoders(self) -> list[str]:
        return [c for c in (self.audio_codec, self.video_codec) if c and not has_encoder(c)]


# One entry per container the app claims to read. Rates and channel counts vary
# on purpose so the decoder's resampling and down-mixing are exercised too.
FORMATS = (
    MediaFormat("wav", ".wav", "wav", "pcm_s16le", rate=44100),
    MediaFormat("flac", ".flac", "flac", "flac", rate=44100, channels=1),
    MediaFormat("mp3", ".mp3", "mp3", "libmp3lame", rate=44100),
    MediaFormat("ogg-vorbis", ".ogg", "ogg", "vorbis", rate=22050),
    MediaFormat("opus", ".opus", "ogg", "libopus"),
    MediaFormat("m4a", ".m4a", "ipod", "aac"),
    MediaFormat("aac", ".aac", "adts", "aac", rate=32000),
    MediaFormat("webm", ".webm", "webm", "libopus"),
    MediaFormat("wma", ".wma", "asf", "wmav2", rate=44100),
    MediaFormat("aiff", ".aiff", "aiff", "pcm_s16be", rate=22050, channels=1),
    MediaFormat("mp4-video", ".mp4", "mp4", "aac", video_codec="libx264"),
    MediaFormat("mkv-video", ".mkv", "matroska", "libmp3lame", rate=44100, video_codec="mpeg4"),
    MediaFormat("mov-video", ".mov", "mov", "aac", video_codec="mpeg4"),
    MediaFormat("webm-video", ".webm", "webm", "libopus", video_codec="libvpx"),
)


def has_encoder(name: str) -> bool:
    try:
        av.Codec(name, "w")
    except Exception:  # PyAV raises UnknownCodecError or ValueError depending on version
        return False
    return True


def tone(duration_s: float, rate: int, freq: float = TONE_HZ, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(duration_s * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def espeak_speech(text: str, rate: int, workdir: Path) -> np.ndarray:
    """Speech with known words from espeak-ng, resampled to `rate`, mono float32."""
    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is not installed")
    wav_path = workdir / f"espeak-{zlib.crc32(text.encode()):08x}.wav"
    subprocess.run(["espeak-ng", "-w", str(wav_path), text], check=True, capture_output=True)
    return read_all(wav_path, rate)


def read_all(path: Path, rate: int) -> np.ndarray:
    """Decode a file to mono float32 at `rate`, independently of the code under test."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(chunks)


def tone_then_speech(rate: int, workdir: Path) -> np.ndarray:
    """The reference signal: TONE_S seconds of a 440 Hz tone, then spoken words."""
    return np.concatenate([tone(TONE_S, rate), espeak_speech(SPEECH_TEXT, rate, workdir)])


def encode(
    path: Path,
    samples: np.ndarray,
    fmt: MediaFormat,
    video_size: tuple[int, int] = (160, 120),
    fps: int = 10,
) -> Path:
    """Encode mono float32 `samples` at fmt.rate into `path`, duplicated across fmt.channels."""
    layout = "stereo" if fmt.channels == 2 else "mono"
    planar = np.ascontiguousarray(np.tile(samples.astype(np.float32), (fmt.channels, 1)))
    with av.open(str(path), "w", format=fmt.muxer) as out:
        audio = out.add_stream(fmt.audio_codec, rate=fmt.rate, layout=layout)
        if fmt.audio_codec == "vorbis":
            # FFmpeg's native Vorbis encoder is marked experimental.
            audio.codec_context.options = {"strict": "experimental"}
        if fmt.audio_codec == "wmav2":
            audio.bit_rate = 128000  # the WMA encoder has no default bit rate and refuses to open
        video = None
        if fmt.video_codec:
            video = out.add_stream(fmt.video_codec, rate=fps)
            video.width, video.height = video_size
            video.pix_fmt = "yuv420p"
        _encode_audio(out, audio, planar, fmt.rate, layout)
        if video is not None:
            _encode_video(out, video, samples.size / fmt.rate, fps, video_size)
    return path


def _encode_audio(out, stream, planar: np.ndarray, rate: int, layout: str) -> None:
    # PyAV converts each frame to the encoder's sample format and frame size itself.
    block = 4096
    for offset in range(0, planar.shape[1], block):
        frame = av.AudioFrame.from_ndarray(
            planar[:, offset : offset + block], format="fltp", layout=layout
        )
        frame.rate = rate
        frame.pts = offset
        frame.time_base = Fraction(1, rate)
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def _encode_video(out, stream, duration_s: float, fps: int, size: tuple[int, int]) -> None:
    width, height = size
    for index in range(max(1, round(duration_s * fps))):
        image = np.zeros((height, width, 3), dtype=np.uint8)
        image[:, : (index * 7) % width] = (40, 120, 200)  # a moving edge, so frames differ
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts = index
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def encode_video_without_audio(path: Path, duration_s: float = 2.0, codec: str = "mpeg4") -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=10)
        stream.width, stream.height = 160, 120
        stream.pix_fmt = "yuv420p"
        _encode_video(out, stream, duration_s, 10, (160, 120))
    return path


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """A 16-bit mono WAV via the standard library; zero samples gives a header-only file."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())
    return path


def truncate_to_half(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def chirp(duration_s: float, rate: int, seed: int = 7) -> np.ndarray:
    """A signal that never repeats (a sweep plus noise), so a misplaced sample shows."""
    t = np.arange(round(duration_s * rate)) / rate
    sweep = 0.3 * np.sin(2 * np.pi * (100 * t + 10 * t**2 / max(duration_s, 1.0)))
    noise = 0.05 * np.random.default_rng(seed).standard_normal(t.size)
    return (sweep + noise).astype(np.float32)
