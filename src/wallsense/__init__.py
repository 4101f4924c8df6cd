"""wallsense: the journalism of a saved news page, and why the rest was dropped.

    import wallsense
    text = wallsense.clean_text(html, url=url)
    report = wallsense.analyze(html, url=url)
"""

from .errors import InputError, LabelFileError, ModelError, PageTimeout, WallsenseError
from .features import FEATURE_NAMES
from .model import Model, ModelCard, load_model
from .pipeline import analyze, clean_text
from .records import BlockResult, Evidence, Label, Metadata, Report, Verdict

__version__ = "0.1.0"

__all__ = [
    "FEATURE_NAMES",
    "BlockResult",
    "Evidence",
    "InputError",
    "Label",
    "LabelFileError",
    "Metadata",
    "Model",
    "ModelCard",
    "ModelError",
    "PageTimeout",
    "Report",
    "Verdict",
    "WallsenseError",
    "__version__",
    "analyze",
    "clean_text",
    "load_model",
]
