"""matplotlib, imported on the first drawing only: a worker that serves cached charts
never pays for it (about 330 ms and 40 MB per process). The drawing code reads the
classes as attributes of this module (`mpl.Figure`); the first read imports them."""

from __future__ import annotations

import importlib
from typing import Any

# The name the drawing uses: (module, attribute; None for the module itself).
_NAMES = {
    "matplotlib": ("matplotlib", None),
    "Figure": ("matplotlib.figure", "Figure"),
    "Line2D": ("matplotlib.lines", "Line2D"),
    "FancyArrowPatch": ("matplotlib.patches", "FancyArrowPatch"),
    "Polygon": ("matplotlib.patches", "Polygon"),
    "Rectangle": ("matplotlib.patches", "Rectangle"),
}


def load() -> None:
    """Import matplotlib and bind the classes the drawing uses in this module."""
    for name, (module, attribute) in _NAMES.items():
        if name not in globals():
            imported = importlib.import_module(module)
            globals()[name] = (
                imported if attribute is None else getattr(imported, attribute)
            )


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        load()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
