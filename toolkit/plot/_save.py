"""Saving a chart: PNG and SVG side by side."""

from __future__ import annotations

from pathlib import Path

from .._validate import check_int

_IMAGE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".eps", ".ps", ".tif", ".tiff", ".webp", ".gif", ".bmp")


def save(fig_or_ax, path, *, dpi: int = 200) -> tuple[Path, Path]:
    """Write a chart as PNG (``dpi`` dots per inch) and SVG, creating the folder.

    Parameters
    ----------
    fig_or_ax : matplotlib.figure.Figure or matplotlib.axes.Axes
        The chart (an Axes saves its whole figure).
    path : str or pathlib.Path
        Where to write, with or without a ``.png`` or ``.svg`` suffix: both
        files are written next to each other (``figures/themes`` →
        ``figures/themes.png`` and ``figures/themes.svg``). Other suffixes
        are kept as part of the name (``fig-v1.2`` → ``fig-v1.2.png``),
        except other image formats, which are refused.
    dpi : int, default 200
        Resolution of the PNG.

    Returns
    -------
    tuple of pathlib.Path
        ``(png_path, svg_path)``.

    Raises
    ------
    ValueError
        ``path`` ends in another image suffix (``.pdf``, ``.jpg``, ...).
    TypeError
        ``fig_or_ax`` is not a Figure or Axes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in save(ax, folder / "charts" / "demo.png")]
    ['demo.png', 'demo.svg']
    """
    check_int("dpi", dpi, 1)
    if hasattr(fig_or_ax, "savefig"):
        fig = fig_or_ax
    elif hasattr(fig_or_ax, "get_figure"):
        fig = fig_or_ax.get_figure(root=True)
    else:
        raise TypeError(f"fig_or_ax must be a matplotlib Figure or Axes, not {type(fig_or_ax).__name__}.")
    if hasattr(fig, "get_figure") and not hasattr(fig, "savefig"):  # pragma: no cover - SubFigure
        fig = fig.get_figure(root=True)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".png", ".svg"):
        base = path.with_suffix("")
    elif suffix in _IMAGE_SUFFIXES:
        raise ValueError(f"path={str(path)!r} is not allowed: save writes PNG and SVG; give a path without a "
                         "suffix or ending in .png or .svg.")
    else:
        base = path
    base.parent.mkdir(parents=True, exist_ok=True)
    png = base.parent / (base.name + ".png")
    svg = base.parent / (base.name + ".svg")
    fig.savefig(png, dpi=dpi, format="png", bbox_inches="tight", pad_inches=0.1)
    fig.savefig(svg, format="svg", bbox_inches="tight", pad_inches=0.1, metadata={"Date": None})
    return png, svg
