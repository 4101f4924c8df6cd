"""The optional C extensions; everything else is in pyproject.toml.

``_walk.c`` walks the model's trees (forest.py), ``_textcount.c`` counts words, stopwords, digits and
the like in block texts (blockstats.py). ``optional=True``: where they cannot be compiled (no C
compiler), the package installs without them and numpy and Python do the same work, with the same
results, more slowly.
"""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("wallsense._walk", sources=["src/wallsense/_walk.c"], optional=True),
    Extension("wallsense._textcount", sources=["src/wallsense/_textcount.c"], optional=True),
])
