"""The build compiles the interface's message catalogs (drafter/locale/*/LC_MESSAGES/drafter.po → .mo)."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path(self.build_lib, "drafter", "locale").glob("*/LC_MESSAGES/drafter.po"):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name, domain="drafter")
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})
