"""Issue 17, first part: attestations read into the entries they propose, from a PDF's text
and from a photo through Tesseract (the corpus of ``tests/attestations.py``); what cannot
be read says why; ``livret lire FILE`` prints the proposals as JSON and writes nothing."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from reading.attestation import propose
from reading.text import ReadError, ocr_available, read_text
from tests.attestations import corpus, fields_right, photo
from tests.test_proofs import huge_png, locked_pdf

needs_ocr = pytest.mark.skipif(
    not ocr_available() and not os.environ.get("CI"), reason="Tesseract absent locally"
)


def share_right(documents: list[tuple[bytes, list[dict]]]) -> float:
    """The share of the expected fields read exactly (rubrique counted as a field)."""
    scores = [
        fields_right([p.as_json() for p in propose(read_text(data).text)], expected)
        for data, expected in documents
    ]
    return sum(r for r, _ in scores) / sum(t for _, t in scores)


def test_text_pdfs_are_read_into_their_entries() -> None:
    documents = corpus()
    assert len(documents) >= 30
    assert share_right([(d.pdf, d.expected) for d in documents]) >= 0.9


def test_a_cnfpt_attestation_proposes_its_formation() -> None:
    [first] = [d for d in corpus(1) if d.layout == "cnfpt"]
    [proposal] = propose(read_text(first.pdf).text)
    assert proposal.as_json() == first.expected[0]


def test_a_releve_proposes_one_entry_a_line() -> None:
    [releve] = [d for d in corpus(1) if d.layout == "releve"]
    found = propose(read_text(releve.pdf).text)
    assert [p.fields["intitule"] for p in found] == [
        e["fields"]["intitule"] for e in releve.expected
    ]


def test_an_attestation_of_a_training_given_is_a_formation_dispensee() -> None:
    [given] = [d for d in corpus(1) if d.layout == "given"]
    assert [p.rubrique for p in propose(read_text(given.pdf).text)] == ["formations_dispensees"]


@needs_ocr
def test_photos_of_attestations_are_read_through_ocr() -> None:
    # One photo a layout, turned, blurred, lit unevenly, noised (the bench reads them all).
    documents = [(photo(d.pdf, seed=n), d.expected) for n, d in enumerate(corpus(1))]
    assert read_text(documents[0][0]).source == "ocr"
    assert share_right(documents) >= 0.8


@needs_ocr
def test_a_scanned_pdf_is_read_through_ocr() -> None:
    [first] = [d for d in corpus(1) if d.layout == "cdg"]
    scan = io.BytesIO()
    Image.open(io.BytesIO(photo(first.pdf, seed=3))).save(scan, "PDF", resolution=200)
    found = read_text(scan.getvalue())
    assert found.source == "ocr"
    [proposal] = propose(found.text)
    assert proposal.fields["intitule"] == first.expected[0]["fields"]["intitule"]


def test_what_is_not_an_attestation_proposes_nothing() -> None:
    assert propose("Liste de courses\nlait\npain") == []
    assert propose("") == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (locked_pdf(), "encrypted"),
        (huge_png(), "too_many_pixels"),
        (b"%PDF-1.7\n garbage", "damaged"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "type"),
        (b"x" * (21 * 1024 * 1024), "too_big"),
    ],
)
def test_what_cannot_be_read_says_why(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as error:
        read_text(data)
    assert error.value.reason == reason


def _livret(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIVRET_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parent.parent,
        timeout=120,
        check=False,
    )


def test_livret_lire_prints_the_proposals_and_writes_nothing(tmp_path: Path) -> None:
    [first] = [d for d in corpus(1) if d.layout == "private"]
    path = tmp_path / "attestation.pdf"
    path.write_bytes(first.pdf)
    done = _livret(tmp_path, "lire", str(path))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["source"] == "pdf"
    assert printed["entries"] == first.expected
    assert not (tmp_path / "data").exists()
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(locked_pdf())
    refused = _livret(tmp_path, "lire", str(locked))
    assert refused.returncode == 1
    assert "protégé par un mot de passe" in refused.stderr
