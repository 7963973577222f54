"""Validate theme detection against human coding: sample, code, measure agreement, score, read the errors.

Dictionary methods must be checked against careful human reading before
their counts are cited ("validate, validate, validate": the R package
oolong, Chan & Sältzer 2020; Song et al. 2020 list what a validation
reports: sample size, coder agreement, precision, recall and F1 with their
uncertainty). The workflow, one plain function per step:

1. :func:`sample_for_coding` draws a reproducible random sample of
   paragraphs (or sentences, or documents), optionally stratified by the
   detected themes so that rare themes are represented;
2. :func:`write_coding_sheet` writes it as a CSV or Excel coding sheet with
   an empty 0/1 column per theme, a checksum of each text, and the codebook
   (theme definitions from the lexicon cards);
3. coders fill in the sheets, each their own copy, without seeing the
   toolkit's decisions;
4. :func:`read_coding_sheet` reads a sheet back and checks it (labels 0, 1
   or blank; texts unchanged), naming row and column of each problem;
5. :func:`agreement` measures how far the coders agree (percent agreement,
   Cohen's kappa, Krippendorff's alpha, per theme);
6. :func:`validate_themes` scores the detected themes against the
   (adjudicated) human codes: precision, recall and F1 with bootstrap
   intervals that resample documents;
7. :func:`validation_errors` lists the false positives and negatives with
   their text and evidence, and which lexicon entries fire where coders said
   no;
8. :func:`toolkit.plot.validation` draws precision and recall per theme.

The package
-----------
``sampling``
    :func:`sample_for_coding`: the units of a docs or tokens table, the
    strata (a column, or each unit's rarest detected theme), capped equal
    allocation and the seeded hash draw (step 1).
``sheets``
    :func:`write_coding_sheet`, :func:`read_coding_sheet`: the CSV and Excel
    sheets, the codebook from the lexicon cards, the text checksums and the
    checks of a filled-in sheet (steps 2 and 4).
``agreement``
    :func:`agreement`: coders' labels aligned per unit, NLTK's coefficients
    (step 5).
``scores``
    :func:`validate_themes`, :func:`validation_errors`,
    :class:`ValidationErrors`: gold against detected per unit and theme,
    precision, recall and F1, the bootstrap over documents, the wrong
    decisions and each lexicon entry's precision (steps 6 and 7).
``_common``
    What the steps share: unit keys and ids, theme lists, 0/1 labels, and
    :data:`SHEET_COLUMNS`, :data:`METADATA_COLUMNS`.

Examples
--------
>>> import pathlib, tempfile
>>> import pandas as pd
>>> import toolkit as tk
>>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [
...     "Pasukan menjaga keamanan perbatasan.\\n\\nCuaca cerah.",
...     "Kedua negara memperkuat kerja sama.\\n\\nPesawat tempur terbang."]})
>>> sample = sample_for_coding(docs, 4)              # every paragraph: a tiny corpus
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> sheet = write_coding_sheet(sample, folder / "anna.csv", themes=["security"])
>>> coded = pd.read_csv(sheet, dtype=str, keep_default_na=False)   # a coder fills in the sheet ...
>>> coded["security"] = ["1", "0", "0", "1"]
>>> coded.to_csv(sheet, index=False)
>>> gold = read_coding_sheet(sheet, coder="anna")
>>> gold[["unit_id", "security"]]
  unit_id  security
0     a:0         1
1     a:1         0
2     b:0         0
3     b:1         1
>>> detected = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "seg_id": [0, 1, 0, 1],
...                          "theme": "security", "present": [True, False, True, False]})
>>> validate_themes(detected, gold, n_boot=200)[["theme", "n", "tp", "fp", "fn", "precision", "recall"]]
      theme  n  tp  fp  fn  precision  recall
0  security  4   1   1   1        0.5     0.5
"""

from __future__ import annotations

from ._common import METADATA_COLUMNS, SHEET_COLUMNS  # noqa: F401  (the column constants, importable here as before)
from .agreement import agreement
from .sampling import sample_for_coding
from .scores import ValidationErrors, validate_themes, validation_errors
from .sheets import read_coding_sheet, write_coding_sheet

__all__ = [
    "sample_for_coding",
    "write_coding_sheet",
    "read_coding_sheet",
    "agreement",
    "validate_themes",
    "validation_errors",
    "ValidationErrors",
]
