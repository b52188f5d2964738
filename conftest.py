"""pytest set-up shared by the unit tests and the notebook tests."""

import nbval.kernel


def _execute_with_history(self, cell_input, allow_stdin=None):
    # nbval 0.11 runs cells with store_history=False, so IPython ignores a trailing `;` and
    # shows results a notebook meant to hide (nbval issue 194). Run them as Jupyter does.
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                           stop_on_error=False)


nbval.kernel.RunningKernel.execute_cell_input = _execute_with_history
