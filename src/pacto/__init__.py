"""Pacto: an open contract standard for the operational side of cloud-native services.

Importing :mod:`pacto` costs nothing: it holds the version only. The library API lives in the
sub-packages (``pacto.contract``, ``pacto.validation``, ``pacto.diff`` ...).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
