"""The optional C tree walk (src/wallsense/_walk.c); everything else is in pyproject.toml.

``optional=True``: where it cannot be compiled (no C compiler), the package installs without it
and predicts with the numpy walk in forest.py, with the same results, more slowly.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("wallsense._walk", sources=["src/wallsense/_walk.c"], optional=True)])
