"""The names the course takes from the ``d2l`` package (the second edition's library).

``Animator``, ``Timer`` and ``set_axes`` are the package's own, unchanged. ``plot`` calls the
package's ``plot`` and then restores the course's figure format: the package switches Jupyter
to SVG whenever it draws, and the course shows PNG (see :mod:`d2lhelpers.plotting`).

Importing ``d2l.mxnet`` costs about 0.3 s and 30 MB (it brings pandas), so
``d2lhelpers`` imports this module on first use of one of these names.
"""

from d2l import mxnet as _d2l
from IPython import get_ipython

from .plotting import _apply_display, plt

# The package's drawing functions switch Jupyter to SVG even in a plain interpreter, where that
# switch creates an IPython shell object. pyplot, setting up its backend after that, would take
# the process for IPython and fail (matplotlib 3.7 with IPython 9: "cannot import name
# 'backend2gui'"), e.g. in a script run with MPLBACKEND=Agg. Setting it up now avoids that; it
# is already set up once a figure exists (and setting it up again would close the figures).
if get_ipython() is None and not plt.get_fignums():
    plt.switch_backend(plt.get_backend())

Animator = _d2l.Animator
Timer = _d2l.Timer
set_axes = _d2l.set_axes

__all__ = ["Animator", "Timer", "plot", "set_axes"]


def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None,
         xscale="linear", yscale="linear", fmts=("-", "m--", "g-.", "r:"), figsize=(3.5, 2.5),
         axes=None):
    """The ``d2l`` package's ``plot`` (one or several curves on one axes), in the course's format."""
    _d2l.plot(X, Y, xlabel, ylabel, [] if legend is None else legend, xlim, ylim, xscale, yscale,
              fmts, figsize, axes)
    _apply_display()


class EpochFigure(Animator):
    """The package's ``Animator``, redrawn in place once per epoch below the printed lines.

    ``Animator.add`` shows a new copy of the figure and clears the cell's output, which would
    also wipe the lines ``train_ch3`` prints. Here the figure is shown once, before training,
    and each ``add`` replaces that one display (Jupyter's display id); outside a Jupyter
    kernel the figure is only drawn, for ``plt.show()`` or ``savefig``.
    """

    def __init__(self, num_epochs):
        super().__init__(xlabel="epoch", xlim=[1, num_epochs] if num_epochs > 1 else None,
                         legend=["train loss", "train acc", "test acc"])
        _apply_display()  # Animator switched Jupyter to SVG; the course shows PNG
        self.config_axes()
        self._handle = None
        if _in_kernel():
            from IPython import display

            self._handle = display.display(self.fig, display_id=True)

    def add(self, x, y):
        if not self.X:
            self.X, self.Y = [[] for _ in y], [[] for _ in y]
        for xs, ys, value in zip(self.X, self.Y, y):
            xs.append(x)
            ys.append(value)
        self.axes[0].cla()
        for xs, ys, fmt in zip(self.X, self.Y, self.fmts):
            self.axes[0].plot(xs, ys, fmt)
        self.config_axes()
        if self._handle is not None:
            self._handle.update(self.fig)

    def close(self):
        """In Jupyter, let go of the figure (it is already shown, so it is not shown twice)."""
        if self._handle is not None:
            _d2l.plt.close(self.fig)


def _in_kernel():
    """True inside a Jupyter kernel (not in a plain interpreter, where IPython may be loaded)."""
    return getattr(get_ipython(), "kernel", None) is not None
