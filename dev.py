"""Set-up and the two everyday jobs, on a machine with only Python 3.11+ and pip (Windows or Linux).

    python dev.py examples   renders every letter in examples/ into out/
    python dev.py test       runs the whole test suite (and ruff, and mypy over drafter/)
    python dev.py messages   gathers the interface's messages into drafter/locale (for translators)

Both create .venv/ at the project root and install drafter into it the first time (again when
pyproject.toml changes); on Windows they also write the launcher `drafter.cmd` beside this file, so
`drafter …` works here without activating the venv. `test` also installs
LibreOffice, poppler and Chromium where it can (Debian/Ubuntu as root), so that the PDF layout test and the
browser check of the web pages run; where it cannot, it says so and they are skipped. What pip and apt print
goes to .venv/setup.log; only a short summary (and the log's end, if something fails) is shown.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".drafter-installed"
LOG = VENV / "setup.log"
SHARED = ROOT.parent / "shared"


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def logged(command: list[str], what: str, env: dict[str, str] | None = None, check: bool = True) -> int:
    """Run a set-up command with its output in .venv/setup.log; on failure show the log's last lines."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(command)}\n")
        log.flush()
        code = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
    if code:
        tail = LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        print("\n".join(tail))
        say(f"{what} failed (exit {code}); the whole output is in {LOG}")
        if check:
            sys.exit(code)
    return code


def write_launcher() -> Path:
    """drafter.cmd beside dev.py: on Windows `drafter …` (PowerShell: `.\\drafter.cmd …`) then runs the .venv's
    drafter without activating it, where PowerShell's default policy refuses the activation script."""
    launcher = ROOT / "drafter.cmd"
    # %~dp0 is the launcher's own folder: no path written in, so a 中文 folder name survives cmd's code page
    launcher.write_bytes(b'@echo off\r\n"%~dp0.venv\\Scripts\\drafter.exe" %*\r\n')  # CRLF on every system
    return launcher


def ensure_venv() -> None:
    """Create .venv and install drafter with its test tools, unless pyproject.toml is unchanged since."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python the machine has
        sys.exit(f"drafter needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if os.name == "nt":
        write_launcher()  # cheap, so every run: a copied or moved folder gets a working one
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say(f"installing drafter and its test tools into .venv (a minute or two; output in {LOG})")
    logged([str(PYTHON), "-m", "pip", "install", "--upgrade", "pip"], "upgrading pip")
    logged([str(PYTHON), "-m", "pip", "install", "-e", f"{ROOT}[test]"], "installing drafter")
    STAMP.write_text(wanted)
    if os.name == "nt":
        say(r"installed. Here: drafter render … (PowerShell: .\drafter.cmd render …); or .venv\Scripts\activate first")
    else:
        say("installed. Run  source .venv/bin/activate  once in a shell, then drafter render …")


def compile_messages() -> None:
    """The interface's catalogs (.po → .mo), as the build does for a wheel; cheap, so done every run."""
    code = "from drafter.i18n import compile_catalogs; compile_catalogs()"
    subprocess.run([str(PYTHON), "-c", code], check=True)


def messages() -> int:
    """Extract every _("…") into drafter/locale/drafter.pot and merge it into each language's .po."""
    ensure_venv()
    pybabel = str(BIN / "pybabel")
    locale = ROOT / "drafter" / "locale"
    pot = locale / "drafter.pot"
    extract = [pybabel, "extract", "-F", "babel.cfg", "-k", "N_", "--no-location", "--sort-output", "-o", str(pot)]
    subprocess.run([*extract, "."], cwd=ROOT, check=True)
    for code in ("en",):
        po = locale / code / "LC_MESSAGES" / "drafter.po"
        action = "update" if po.exists() else "init"
        subprocess.run([pybabel, action, "-i", str(pot), "-d", str(locale), "-D", "drafter", "-l", code], check=True)
    say("now translate the empty msgstr entries in drafter/locale/*/LC_MESSAGES/drafter.po")
    return 0


def _uno_ready() -> bool:
    """LibreOffice's Python bridge, for the kept-running PDF converter (Debian's python3-uno)."""
    if not sys.platform.startswith("linux"):
        return True  # Windows and macOS LibreOffice bring their own Python with uno
    system = shutil.which("python3", path="/usr/bin")
    return bool(system) and subprocess.run([system, "-c", "import uno"], capture_output=True).returncode == 0


def ensure_libreoffice() -> None:
    """LibreOffice and pdftotext for the PDF layout test; installed with apt-get where that is possible."""
    if shutil.which("soffice") and shutil.which("pdftotext") and _uno_ready():
        return
    can_apt = sys.platform.startswith("linux") and shutil.which("apt-get") and os.geteuid() == 0
    if can_apt:
        say("installing LibreOffice, poppler-utils and CJK fonts with apt-get (a few minutes, once)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        packages = [
            "libreoffice-writer-nogui",
            "python3-uno",  # drafter.pdf drives a kept-running LibreOffice through it
            "poppler-utils",
            "fonts-noto-cjk",
            "fonts-arphic-ukai",
            "fonts-lxgw-wenkai",  # the 楷体 stand-in of drafter/pdf/fontconfig/fonts.conf
            "fonts-liberation2",  # Times New Roman's metric twin
        ]
        if logged(["apt-get", "update"], "apt-get update", env=env, check=False) == 0:
            install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
            logged(install, "installing LibreOffice", env=env, check=False)
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        say("LibreOffice or pdftotext is missing: the PDF layout test (22 lines × 28 characters) will be SKIPPED.")
        say("Install LibreOffice (and poppler-utils) to run it.")


BROWSERS = ("chromium", "chromium-browser", "google-chrome")  # tests/test_publish.py looks for the same


def ensure_chromium() -> None:
    """Chromium for the browser check of drafter publish's pages; installed with apt-get where that is possible."""
    if any(shutil.which(name) for name in BROWSERS):
        return
    if sys.platform.startswith("linux") and shutil.which("apt-get") and os.geteuid() == 0:
        say("installing Chromium with apt-get (once), for the web page test of drafter publish")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if logged(["apt-get", "update"], "apt-get update", env=env, check=False) == 0:
            logged(["apt-get", "install", "-y", "chromium"], "installing Chromium", env=env, check=False)
    if not any(shutil.which(name) for name in BROWSERS):
        say("Chromium is missing (no chromium, chromium-browser or google-chrome on PATH): the headless browser")
        say("check of drafter publish's pages will be SKIPPED. Install Chromium to run it.")


def examples() -> int:
    ensure_venv()
    compile_messages()
    drafter = BIN / ("drafter.exe" if os.name == "nt" else "drafter")
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    letters = [str(p) for p in examples if not p.name.startswith("batch-")]
    batches = [str(p) for p in examples if p.name.startswith("batch-")]
    library = ["--library", str(ROOT / "examples" / "library")]  # an example of a bureau's own library folder
    out = ROOT / "out"
    # the examples' numbers go to a ledger of their own, not the clerk's
    env = dict(os.environ, DRAFTER_LEDGER=str(out / "examples-ledger.sqlite"))
    render = [str(drafter), "render", *letters, *library, "--out-dir", str(out), "--force"]
    batch = [str(drafter), "batch", *batches, *library, "-o", str(out / "batch-2024"), "--force"]
    # the 主动公开 ones, after render and batch have taken their numbers (publish takes none)
    web = [str(drafter), "publish", *letters, *batches, *library, "-o", str(out / "web"), "--force"]
    return next((code for command in (render, batch, web) if (code := subprocess.run(command, env=env).returncode)), 0)


def test(extra: list[str]) -> int:
    ensure_venv()
    compile_messages()
    ensure_libreoffice()
    ensure_chromium()
    if not (SHARED / "tools" / "seedcheck.py").exists():
        say(f"{SHARED} is not beside this checkout: the tests that compare with the seed letters there")
        say("(seedcheck.py, the import round trips) will be SKIPPED; the rest of the suite runs.")
    lint = subprocess.run([str(PYTHON), "-m", "ruff", "check", str(ROOT)], cwd=ROOT)
    types = subprocess.run([str(PYTHON), "-m", "mypy", "drafter"], cwd=ROOT)  # settings: pyproject's [tool.mypy]
    tests = subprocess.run([str(PYTHON), "-m", "pytest", "-q", "-ra", *extra], cwd=ROOT)
    for step, run in (("ruff", lint), ("mypy", types)):
        if run.returncode:
            say(f"{step} found problems (listed above, before the tests): the run fails")
    return tests.returncode or lint.returncode or types.returncode


def main(argv: list[str]) -> int:
    jobs = {"examples": examples, "messages": messages}
    if not argv or argv[0] not in (*jobs, "test"):
        print(__doc__)
        return 2
    return test(argv[1:]) if argv[0] == "test" else jobs[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
