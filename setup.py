"""The build: every drafter package, the shipped library and the compiled message catalogs in the wheel.

The shipped template library stays in `templates/` at the project root (where maintainers and
`scripts/build_base_templates.py` work on it); build_py copies it into the wheel as `drafter/templates`,
where `drafter.library` finds it through importlib.resources. The catalogs are compiled (.po → .mo) here,
so an installed drafter speaks English without babel compiling anything at run time.
"""

import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithLibrary(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path(self.build_lib, "drafter", "locale").glob("*/LC_MESSAGES/drafter.po"):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name, domain="drafter")
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)
        target = Path(self.build_lib, "drafter", "templates")
        shutil.rmtree(target, ignore_errors=True)
        # Word's lock files (~$letter.docx) and caches are not part of the library
        shutil.copytree(ROOT / "templates", target, ignore=shutil.ignore_patterns("~$*", "__pycache__", "*.pyc"))


setup(
    packages=find_packages(include=["drafter", "drafter.*"]),
    cmdclass={"build_py": BuildWithLibrary},
)
