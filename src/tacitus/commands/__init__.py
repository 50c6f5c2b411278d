"""Sub-commands of the `tacitus` CLI, one module each (see ``tacitus.cli``)."""
