"""A wheel built from the project and installed (not editable) in a fresh venv works from any folder.

Every other test runs on the editable install in .venv, which finds templates/ and every package in the
checkout; this one catches what a real install lacks (a package, the shipped library, the catalogs,
wizard.tcss, fonts.conf). It builds the wheel, installs it with its dependencies into a new venv and runs
each command from a folder outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, SEEDS, SHARED

SEEDCHECK = SHARED / "tools" / "seedcheck.py"
SEED_000 = EXAMPLES / f"{SEEDS['000']}.yaml"
OFFLINE = ("No matching distribution", "Could not find a version", "Failed to establish", "Network is unreachable")


def _pip(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, cwd=cwd)


def _skip_if_offline(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode and any(s in result.stderr for s in OFFLINE):
        pytest.skip(f"{what}: the package index cannot be reached ({result.stderr.strip().splitlines()[-1]})")
    assert result.returncode == 0, f"{what} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # a copy of the checkout without .venv, build/ or egg-info, so nothing stale gets into the wheel
    source = out / "src"
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", "out", ".*cache")
    shutil.copytree(ROOT, source, ignore=ignore)
    _skip_if_offline(_pip("wheel", "--no-deps", "-q", "-w", str(out), str(source)), "building the wheel")
    (built,) = out.glob("drafter-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict[str, str]:
    """A fresh venv with the wheel and its dependencies; the environment to run its `drafter` in."""
    home = tmp_path_factory.mktemp("venv")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    _skip_if_offline(_pip("--python", str(python), "install", "-q", str(wheel)), "installing the wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DRAFTER_LIBRARY")}
    env.update(
        PATH=str(bindir) + os.pathsep + env.get("PATH", ""),
        DRAFTER_LEDGER=str(home / "ledger.sqlite"),
        HOME=str(home),  # a user folder of its own: nothing of the developer's is read or written
        PYTHONIOENCODING="utf-8",
        PYTHON=str(python),
        DRAFTER=str(bindir / ("drafter.exe" if os.name == "nt" else "drafter")),
    )
    return env


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def drafter(env: dict[str, str], cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [env["DRAFTER"], *(str(a) for a in args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_wheel_holds_every_package_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "drafter").rglob("__init__.py")}
    assert {p for p in packages if f"{p}/__init__.py" not in names} == set()
    data = [
        "drafter/wizard/wizard.tcss",
        "drafter/pdf/fontconfig/fonts.conf",
        "drafter/locale/en/LC_MESSAGES/drafter.mo",
    ]
    shipped = [f"drafter/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert [n for n in [*data, *shipped] if n not in names] == []
    assert not [n for n in names if n.startswith("templates/") or "/~$" in n]  # not a top-level package
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for field in ("Requires-Python: >=3.11", "License-Expression:", "Classifier: Operating System :: Microsoft"):
        assert field in meta
    assert "Description-Content-Type: text/markdown" in meta


def test_installed_drafter_finds_its_own_library(installed, elsewhere):
    code = "import drafter, drafter.library.search as l; print(drafter.__file__); print(l.BASE)"
    out = subprocess.run(
        [installed["PYTHON"], "-c", code], capture_output=True, text=True, cwd=elsewhere, env=installed
    )
    package, base = out.stdout.splitlines()
    assert "site-packages" in package and str(ROOT) not in package
    assert Path(base).is_dir() and Path(base).name == "base" and Path(base).parent.name == "templates"
    assert Path(package).parent in Path(base).parents  # the wheel's drafter/templates, not the checkout's


def test_render_check_import_from_another_folder(installed, elsewhere):
    letter = elsewhere / "393.yaml"
    shutil.copy(SEED_000, letter)
    done = drafter(installed, elsewhere, "render", "393.yaml", "-o", "393.docx")
    assert done.returncode == 0, done.stderr
    out = elsewhere / "393.docx"
    assert out.is_file()
    if SEEDCHECK.exists():
        seed = subprocess.run([sys.executable, str(SEEDCHECK), "000", str(out)], capture_output=True, text=True)
        assert seed.returncode == 0 and "OK" in seed.stdout, seed.stdout
    checked = drafter(installed, elsewhere, "check", "393.docx", "--bureau", "wenzhou-sti")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    imported = drafter(installed, elsewhere, "import", "393.docx", "-o", "back.yaml")
    assert imported.returncode == 0, imported.stderr
    assert "黄钦鑫" in (elsewhere / "back.yaml").read_text(encoding="utf-8")
    english = drafter(installed, elsewhere, "--lang", "en", "render", "missing.yaml")
    assert english.returncode == 2 and english.stderr.startswith("Error: ")  # the compiled catalog is installed


def test_library_and_number_commands(installed, elsewhere):
    listed = drafter(installed, elsewhere, "library", "list")
    assert listed.returncode == 0, listed.stderr
    assert "wenzhou-sti" in listed.stdout and "site-packages" in listed.stdout
    assert "DRAFTER_LIBRARY" not in listed.stderr
    own = elsewhere / "library"
    made = drafter(installed, elsewhere, "library", "new", "test-bureau", "--name", "测试局", "--library", own)
    assert made.returncode == 0, made.stderr
    assert (own / "test-bureau" / "bureau.yaml").is_file()
    checked = drafter(installed, elsewhere, "library", "check", "test-bureau", "--library", own)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    numbers = drafter(installed, elsewhere, "number", "list", "wenzhou-sti")
    assert numbers.returncode == 0, numbers.stderr


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_preview(installed, elsewhere):
    shutil.copy(SEED_000, elsewhere / "393.yaml")
    assert drafter(installed, elsewhere, "render", "393.yaml", "-o", "393.docx").returncode == 0
    done = drafter(installed, elsewhere, "preview", "393.docx", "-o", "preview")
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "preview" / "393.pdf").is_file()
    assert list((elsewhere / "preview").glob("393-*.png"))


WIZARD_START = """
import sys, threading
from pathlib import Path
from drafter.library.search import Library
from drafter.wizard.app import make_app

app = make_app(Path("草稿.yaml"), Library([]), "wenzhou-sti", None)
seen = []

def stop():
    seen.append(len(app.query("#steps")))
    app.exit()

threading.Timer(4, lambda: app.call_from_thread(stop)).start()
app.run(headless=True, size=(120, 40))
print("steps", seen)
"""


def test_wizard_starts(installed, elsewhere):
    helped = drafter(installed, elsewhere, "wizard", "--help")
    assert helped.returncode == 0 and "DRAFT.yaml" in helped.stdout, helped.stderr
    started = subprocess.run(
        [installed["PYTHON"], "-c", WIZARD_START], capture_output=True, text=True, cwd=elsewhere, env=installed
    )
    assert started.returncode == 0, started.stderr[-3000:]
    assert "steps [1]" in started.stdout  # the screen was built, with its stylesheet (wizard.tcss) loaded
