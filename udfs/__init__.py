"""xlwings user-defined functions: thin wrappers over the engine in :mod:`addin`."""
