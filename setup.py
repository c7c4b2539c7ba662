"""Packaging beyond pyproject.toml: the wheel carries resources/ as playground/resources/.

The examples, the schema, the icons and the desktop entry live in the repository's
top-level resources/ folder, outside the package, where a wheel would leave them
behind; playground.io.resources looks in both places.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's resources/ directly
        source = Path(__file__).resolve().parent / "resources"
        target = Path(self.build_lib) / "playground" / "resources"
        shutil.rmtree(target, ignore_errors=True)
        # Scripts that make resources (the icon renderer) stay in the repository.
        skip = shutil.ignore_patterns("__pycache__", "*.py", "*.pyc")
        shutil.copytree(source, target, ignore=skip)


setup(cmdclass={"build_py": BuildWithResources})
