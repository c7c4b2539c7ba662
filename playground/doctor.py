"""`playground doctor`: can the app open its window here, and if not, the one command to fix it.

Checks Python, the installed packages, the shared libraries Qt needs (`ldd` of PySide6's
modules and of the platform plugin: a missing one is named with the distribution
package that provides it), the display, and finally whether Qt really starts, in a
subprocess: this module never loads Qt itself, because a Qt that cannot start aborts
the process that loaded it.

`--for tests` checks what the test suite needs instead (the off-screen platform, no
display). `--install` installs the missing packages itself when that needs no password
(root, with apt-get or dnf) and says so; `make run` and `make test` run it first.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playground.display import display_problem, platform_env, requested_platforms

MIN_PYTHON = (3, 11)
DISTRIBUTIONS = ("PySide6-Essentials", "shiboken6", "pyqtgraph", "numpy", "jsonschema")
# The PySide6 modules the app imports; ldd of each also covers the Qt libraries below them.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg")
PROBE_TIMEOUT = 60.0

# Shared library -> (Debian/Ubuntu package, Fedora package). The libraries PySide6's Qt
# links to that a bare system may lack: xcb and Wayland platforms, GL, fonts, GLib, D-Bus.
PACKAGES: dict[str, tuple[str, str]] = {
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libICE.so.6": ("libice6", "libICE"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgobject-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgio-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
}
DEBIAN, FEDORA = 0, 1
# The 3-D surface view draws through OpenGL. Qt links libGL (above) but the driver behind it
# is loaded at run time, so ldd never asks for it: on Linux, Mesa's GLX vendor library and
# its software rasteriser (llvmpipe, which also draws under Xvfb). Without them the 3-D view
# says it cannot draw and the rest of the app works; --install installs them all the same.
GL_DRIVERS: dict[str, tuple[str, str]] = {
    "libGLX_mesa.so.0": ("libglx-mesa0", "mesa-libGL"),
    "swrast_dri.so": ("libgl1-mesa-dri", "mesa-dri-drivers"),
}
DRI_FOLDERS = ("/usr/lib/x86_64-linux-gnu/dri", "/usr/lib/aarch64-linux-gnu/dri",
               "/usr/lib64/dri", "/usr/lib/dri")


@dataclass
class Check:
    """One line of the report."""

    name: str
    ok: bool
    text: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    missing_libraries: list[str] = field(default_factory=list)
    fix: str | None = None
    optional_packages: list[str] = field(default_factory=list)  # for the 3-D view

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def add(self, name: str, ok: bool, text: str) -> None:
        self.checks.append(Check(name, ok, text))

    def lines(self, quiet: bool = False) -> list[str]:
        """The report; `quiet` keeps only what failed and the fix."""
        if quiet:
            out = [f"playground doctor: {c.name}: {c.text}" for c in self.checks if not c.ok]
        else:
            width = max((len(c.name) for c in self.checks), default=0)
            out = [f"  {c.name:<{width}}  {'ok  ' if c.ok else 'FAIL'}  {c.text}"
                   for c in self.checks]
        if self.fix:
            out.append(f"fix: {self.fix}")
        return out


# ---------------------------------------------------------------------------- libraries

def pyside_dir() -> Path | None:
    """The installed PySide6 package folder, found without importing it."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def qt_files(pyside: Path, platforms: Sequence[str]) -> list[Path]:
    """The PySide6 modules the app loads and the platform plugins it may use."""
    files: list[Path] = []
    for module in QT_MODULES:
        files += sorted(pyside.glob(f"{module}.*.so"))[:1]
    return [f for f in files if f.is_file()] + plugin_files(pyside, platforms)


def plugin_files(pyside: Path, platforms: Sequence[str]) -> list[Path]:
    """The platform plugins of `platforms` that PySide6 ships."""
    plugins = pyside / "Qt" / "plugins" / "platforms"
    return [f for platform in platforms for f in sorted(plugins.glob(f"libq{platform}.so"))
            if f.is_file()]


_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


def parse_ldd(text: str) -> list[str]:
    """The library names ldd reports as "not found", in order, once each."""
    names: list[str] = []
    for line in text.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match[1] not in names:
            names.append(match[1])
    return names


def missing_libraries(files: Sequence[Path], env: Mapping[str, str] | None = None) -> list[str]:
    """Shared libraries that `files` need and the dynamic loader cannot find (via ldd)."""
    missing: list[str] = []
    for path in files:
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                                env=None if env is None else dict(env), check=False)
        for name in parse_ldd(result.stdout + result.stderr):
            if name not in missing:
                missing.append(name)
    return missing


def packages_for(libraries: Sequence[str], family: int) -> tuple[list[str], list[str]]:
    """(distribution packages providing `libraries`, libraries with no known package)."""
    packages: list[str] = []
    unknown: list[str] = []
    for lib in libraries:
        if lib in PACKAGES:
            package = PACKAGES[lib][family]
            if package not in packages:
                packages.append(package)
        else:
            unknown.append(lib)
    return packages, unknown


# ---------------------------------------------------------------------------- system

def distribution_family(os_release: Path = Path("/etc/os-release")) -> int | None:
    """DEBIAN, FEDORA or None, from /etc/os-release's ID and ID_LIKE."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    ids: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids += value.strip().strip('"').split()
    if any(i in ("debian", "ubuntu") for i in ids):
        return DEBIAN
    if any(i in ("fedora", "rhel", "centos") for i in ids):
        return FEDORA
    return None


def install_command(packages: Sequence[str], family: int | None, root: bool) -> str | None:
    """The one command that installs `packages` on this system."""
    if not packages or family is None:
        return None
    sudo = "" if root else "sudo "
    tool = "apt-get" if family == DEBIAN else "dnf"
    return f"{sudo}{tool} install -y {' '.join(packages)}"


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def install_packages(packages: Sequence[str], family: int) -> bool:
    """Install `packages` as root with apt-get or dnf; True when the tool succeeded."""
    if family == DEBIAN and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", DEBCONF_NOWARNINGS="yes")
        # A fresh system may have no package lists yet; wait for another apt to finish.
        lock = ["-o", "DPkg::Lock::Timeout=300"]
        update = subprocess.run(["apt-get", *lock, "update", "-q"], env=env, check=False,
                                stdout=subprocess.DEVNULL)
        if update.returncode != 0:
            return False
        command = ["apt-get", *lock, "install", "-y", "-q", "--no-install-recommends",
                   *packages]
        return subprocess.run(command, env=env, check=False,
                              stdout=subprocess.DEVNULL).returncode == 0
    if family == FEDORA and shutil.which("dnf"):
        return subprocess.run(["dnf", "install", "-y", "-q", *packages], check=False,
                              stdout=subprocess.DEVNULL).returncode == 0
    return False


# ---------------------------------------------------------------------------- Qt probe

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
print(app.platformName())
"""


@dataclass
class ProbeResult:
    ok: bool
    platform: str
    detail: str


def probe_qt(env: Mapping[str, str], timeout: float = PROBE_TIMEOUT) -> ProbeResult:
    """Start a QApplication in a subprocess with `env`: the platform it got, or why not."""
    try:
        result = subprocess.run([sys.executable, "-c", PROBE], env=dict(env), timeout=timeout,
                                capture_output=True, text=True, check=False)
    except subprocess.TimeoutExpired:
        return ProbeResult(False, "", f"Qt did not start within {timeout:.0f} s")
    if result.returncode == 0:
        return ProbeResult(True, result.stdout.strip().splitlines()[-1] if result.stdout
                           else "?", "")
    return ProbeResult(False, "", _probe_reason(result.stderr, result.returncode))


def _probe_reason(stderr: str, returncode: int) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:  # the loader's own words beat Qt's generic advice
        if "cannot open shared object file" in line or "could not connect to display" in line:
            return line
    for line in lines:
        if "Could not load the Qt platform plugin" in line:
            return line
    how = f"killed by signal {-returncode}" if returncode < 0 else f"exit status {returncode}"
    return (lines[-1] + f" ({how})") if lines else how


# ---------------------------------------------------------------------------- the check

def check(purpose: str = "app", env: Mapping[str, str] | None = None,
          probe: bool = True) -> Report:
    """Everything `playground doctor` reports, for running the app or the tests."""
    env = dict(os.environ if env is None else env)
    report = Report()
    version = ".".join(map(str, sys.version_info[:3]))
    report.add("python", sys.version_info[:2] >= MIN_PYTHON,
               f"{version} at {sys.executable} (needs {'.'.join(map(str, MIN_PYTHON))} "
               "or newer)")
    versions, absent = [], []
    for name in DISTRIBUTIONS:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            absent.append(name)
    report.add("packages", not absent, ", ".join(versions) if not absent else
               f"not installed: {', '.join(absent)}")
    if absent:
        report.fix = f"{sys.executable} -m pip install {' '.join(absent)}"
        return report

    if purpose == "tests":
        env["QT_QPA_PLATFORM"] = "offscreen"
        platforms = ["offscreen"]
    else:
        env = platform_env(env)
        platforms = requested_platforms(env) or ["xcb"]
    pyside = pyside_dir()
    if sys.platform.startswith("linux") and pyside is not None and shutil.which("ldd"):
        check_libraries(report, pyside, platforms, env)
        check_gl_drivers(report)

    if purpose != "tests":
        check_chinese_font(report, env)
        problem = display_problem(env)
        shown = ", ".join(f"{k}={env[k]}" for k in ("DISPLAY", "WAYLAND_DISPLAY",
                                                    "QT_QPA_PLATFORM") if env.get(k))
        report.add("display", problem is None, problem or shown or "not needed here")
        if problem is not None:
            return report
    if probe and not report.missing_libraries:
        result = probe_qt(env)
        if result.ok:
            report.add("Qt", True, f"a QApplication starts on the {result.platform} platform")
        else:
            report.add("Qt", False, f"cannot start: {result.detail}")
            if "could not connect to display" in result.detail:
                report.fix = report.fix or (
                    f"no X server answers at DISPLAY={env.get('DISPLAY', '')}: start the app "
                    "in a desktop session, or under `xvfb-run -a`")
            report.fix = report.fix or (
                "see the message above; the README's prerequisites list every package")
    return report


def missing_gl_drivers(folders: Sequence[str] = DRI_FOLDERS,
                       loader_cache: str | None = None) -> list[str]:
    """The OpenGL driver files of GL_DRIVERS not found (`ldconfig -p` and the DRI folders)."""
    if loader_cache is None:
        try:
            loader_cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True,
                                          check=False).stdout
        except OSError:
            loader_cache = ""
    missing = []
    if "libGLX_mesa.so.0" not in loader_cache:
        missing.append("libGLX_mesa.so.0")
    if not any((Path(f) / "swrast_dri.so").exists() for f in folders):
        missing.append("swrast_dri.so")
    return missing


def check_gl_drivers(report: Report) -> None:
    """The 3-D view's line: never a failure, it says what would let the view draw."""
    missing = missing_gl_drivers()
    if not missing:
        report.add("3-D view", True, "Mesa's OpenGL drivers found")
        return
    family = distribution_family()
    family_index = DEBIAN if family is None else family
    packages = [GL_DRIVERS[lib][family_index] for lib in missing]
    report.optional_packages = packages
    command = install_command(packages, family, is_root())
    report.add("3-D view", True, f"no OpenGL driver ({', '.join(missing)}): the 3-D view "
                                 "will say it cannot draw" + (f"; {command}" if command else ""))


def chinese_fonts(env: Mapping[str, str] | None = None) -> list[str] | None:
    """Font families fontconfig has for Simplified Chinese; None without fc-list."""
    if not shutil.which("fc-list"):
        return None
    result = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                            check=False, env=None if env is None else dict(env), timeout=30)
    return sorted({line.split(",")[0].strip() for line in result.stdout.splitlines()
                   if line.strip()})


def check_chinese_font(report: Report, env: Mapping[str, str]) -> None:
    """A note, never a failure: without a CJK font the 简体中文 interface stays English."""
    families = chinese_fonts(env)
    if families is None:
        return
    if families:
        report.add("chinese font", True, ", ".join(families[:3]))
        return
    family = distribution_family()
    package = "fonts-noto-cjk" if family == DEBIAN else "google-noto-sans-cjk-fonts"
    command = install_command([package], family, is_root()) if family is not None else None
    report.add("chinese font", True, "none, so a Chinese interface stays English"
               + (f"; for 简体中文: {command}" if command else ""))


def check_libraries(report: Report, pyside: Path, platforms: Sequence[str],
                    env: Mapping[str, str]) -> None:
    """The libraries line: fails when the Qt modules, or every platform Qt may try, lack
    one. A platform Qt only tries first (wayland of "wayland;xcb") may lack some while
    the next one works: then it is a note, and its packages are not installed for you."""
    core = missing_libraries(qt_files(pyside, []), env)
    lacking = {p: [lib for lib in missing_libraries(plugin_files(pyside, [p]), env)
                   if lib not in core] for p in platforms}
    usable = [p for p in platforms if not lacking[p]]
    family = distribution_family()
    where = f"PySide6 {'/'.join(QT_MODULES)} and the {'/'.join(platforms)} plugin"
    if core or not usable:
        missing = list(core)
        for libs in lacking.values():
            missing += [lib for lib in libs if lib not in missing]
        report.missing_libraries = missing
        packages, unknown = packages_for(missing, DEBIAN if family is None else family)
        provided = f" (packages: {' '.join(packages)})" if packages else ""
        report.add("libraries", False, f"missing for {where}: {', '.join(missing)}{provided}")
        report.fix = install_command(packages, family, is_root()) or (
            f"install the packages that provide {', '.join(unknown or missing)}")
        return
    report.add("libraries", True, f"all found for {where}" if len(usable) == len(platforms)
               else f"all found for PySide6 {'/'.join(QT_MODULES)} and the {usable[0]} plugin")
    for platform, libs in lacking.items():
        if libs:
            packages, _ = packages_for(libs, DEBIAN if family is None else family)
            command = install_command(packages, family, is_root())
            report.add(platform, True, f"its plugin lacks {', '.join(libs)}, so Qt falls back "
                                       f"to {usable[0]}" + (f"; for {platform}: {command}"
                                                            if command else ""))


def run(purpose: str = "app", install: bool = False, quiet: bool = False) -> int:
    """Check, install what is missing when allowed, print the report; the exit status."""
    report = check(purpose)
    if install and report.optional_packages and is_root():
        family = distribution_family()
        tool = {DEBIAN: "apt-get", FEDORA: "dnf"}.get(family) if family is not None else None
        if tool and shutil.which(tool):
            print(f"playground doctor: installing {' '.join(report.optional_packages)} with "
                  f"{tool} for the 3-D view (running as root)", flush=True)
            if install_packages(report.optional_packages, family):
                report = check(purpose)
    if install and report.missing_libraries:
        family = distribution_family()
        packages, unknown = packages_for(report.missing_libraries,
                                         DEBIAN if family is None else family)
        tool = {DEBIAN: "apt-get", FEDORA: "dnf"}.get(family) if family is not None else None
        if packages and not unknown and is_root() and tool and shutil.which(tool):
            print(f"playground doctor: installing {' '.join(packages)} with {tool} "
                  "(running as root)", flush=True)
            if install_packages(packages, family):
                report = check(purpose)
            else:
                print(f"playground doctor: {tool} could not install them", file=sys.stderr)
    if report.ok:
        if not quiet:
            print("\n".join(["playground doctor", *report.lines()]))
            print("The tests can run." if purpose == "tests" else "The app can start.")
        return 0
    heading = "playground doctor: the tests cannot run" if purpose == "tests" else \
        "playground doctor: the app cannot start"
    print("\n".join(report.lines(quiet) if quiet else [heading, *report.lines()]),
          file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="playground doctor",
        description="Check that the app can open its window here: Python, the packages, the "
                    "shared libraries Qt needs, the display, and a real Qt start in a "
                    "subprocess. Prints one short report and the command that fixes what "
                    "is missing; exit status 0 when the app can start.")
    parser.add_argument("--for", dest="purpose", choices=("app", "tests"), default="app",
                        help="check for the app (default) or for the off-screen test suite")
    parser.add_argument("--install", action="store_true",
                        help="install missing system packages when running as root with "
                             "apt-get or dnf")
    parser.add_argument("--quiet", action="store_true", help="print nothing when all is well")
    args = parser.parse_args(argv)
    return run(args.purpose, args.install, args.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
