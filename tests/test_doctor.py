"""`playground doctor` and the no-display start: one line and a fix, never Qt's abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from playground import doctor
from playground.display import display_problem, platform_env, requested_platforms

ROOT = Path(__file__).resolve().parents[1]
LINUX = sys.platform.startswith("linux")


def bare_env(**extra: str) -> dict[str, str]:
    """This process's environment without any display or Qt platform choice."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")}
    env.update(extra)
    return env


def run_playground(args: list[str], env: dict[str, str],
                   prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "playground", *args], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


# ---------------------------------------------------------------------------- pieces

def test_parse_ldd_names_each_missing_library_once():
    text = textwrap.dedent("""\
        \tlinux-vdso.so.1 (0x00007ffd)
        \tlibQt6XcbQpa.so.6 => /x/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
        \tlibxcb-icccm.so.4 => not found
        \tlibxcb-keysyms.so.1 => not found
        \tlibxcb-icccm.so.4 => not found
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
        """)
    assert doctor.parse_ldd(text) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert doctor.parse_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_missing_libraries_map_to_debian_and_fedora_packages():
    libs = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libgthread-2.0.so.0",
            "libglib-2.0.so.0", "libmystery.so.7"]
    assert doctor.packages_for(libs, doctor.DEBIAN) == (
        ["libxcb-icccm4", "libxcb-keysyms1", "libglib2.0-0"], ["libmystery.so.7"])
    assert doctor.packages_for(libs, doctor.FEDORA)[0] == [
        "xcb-util-wm", "xcb-util-keysyms", "glib2"]


def test_every_library_the_issue_lists_has_a_package():
    # What a minimal Debian 12 lacks for PySide6's Qt (issue 22).
    listed = """libEGL.so.1 libGL.so.1 libX11-xcb.so.1 libdbus-1.so.3 libfontconfig.so.1
        libfreetype.so.6 libglib-2.0.so.0 libgthread-2.0.so.0 libxcb-cursor.so.0
        libxcb-icccm.so.4 libxcb-image.so.0 libxcb-keysyms.so.1 libxcb-randr.so.0
        libxcb-render-util.so.0 libxcb-render.so.0 libxcb-shape.so.0 libxcb-shm.so.0
        libxcb-sync.so.1 libxcb-util.so.1 libxcb-xfixes.so.0 libxcb-xkb.so.1
        libxkbcommon-x11.so.0 libxkbcommon.so.0""".split()
    assert doctor.packages_for(listed, doctor.DEBIAN)[1] == []


def test_install_command_uses_sudo_unless_root(tmp_path):
    assert doctor.install_command(["libxcb-icccm4"], doctor.DEBIAN, root=False) == \
        "sudo apt-get install -y libxcb-icccm4"
    assert doctor.install_command(["xcb-util-wm"], doctor.FEDORA, root=True) == \
        "dnf install -y xcb-util-wm"
    assert doctor.install_command([], doctor.DEBIAN, root=True) is None
    release = tmp_path / "os-release"
    release.write_text('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')
    assert doctor.distribution_family(release) == doctor.DEBIAN
    release.write_text('ID="rocky"\nID_LIKE="rhel centos fedora"\n')
    assert doctor.distribution_family(release) == doctor.FEDORA
    release.write_text("ID=arch\n")
    assert doctor.distribution_family(release) is None
    assert doctor.distribution_family(tmp_path / "none") is None


@pytest.mark.skipif(not LINUX, reason="X11 and Wayland displays exist on Linux only")
def test_display_problem_names_what_is_missing():
    assert "neither DISPLAY nor WAYLAND_DISPLAY" in display_problem({})
    assert "DISPLAY is not set" in display_problem({"QT_QPA_PLATFORM": "xcb",
                                                    "WAYLAND_DISPLAY": "wayland-0"})
    assert "WAYLAND_DISPLAY is not set" in display_problem({"QT_QPA_PLATFORM": "wayland",
                                                            "DISPLAY": ":0"})
    assert display_problem({"DISPLAY": ":0"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}) is None


@pytest.mark.skipif(not LINUX, reason="the Wayland fallback is for Linux")
def test_wayland_session_falls_back_to_xcb_and_a_users_choice_is_kept():
    session = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}
    assert requested_platforms(session) == ["wayland", "xcb"]
    assert platform_env({**session, "QT_QPA_PLATFORM": "xcb"})["QT_QPA_PLATFORM"] == "xcb"
    assert "QT_QPA_PLATFORM" not in platform_env({"DISPLAY": ":0"})  # Qt picks
    assert "QT_QPA_PLATFORM" not in platform_env({**session, "XDG_SESSION_TYPE": "x11"})


# ---------------------------------------------------------------------------- commands

@pytest.mark.skipif(not LINUX, reason="X11 and Wayland displays exist on Linux only")
@pytest.mark.parametrize("platform", ["xcb", ""])
def test_no_display_is_one_line_and_exit_1_not_sigabrt(platform):
    env = bare_env(QT_QPA_PLATFORM=platform) if platform else bare_env()
    result = run_playground([], env)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("playground: no "), result.stderr
    assert "DISPLAY" in lines[0] and result.stdout == ""


@pytest.mark.skipif(not LINUX, reason="an X display name only means something on Linux")
def test_display_with_no_server_behind_it_is_one_line_and_exit_1(tmp_path):
    # :97 in a private socket folder cannot have a server: Qt fails to connect, and the
    # start-up guard turns its fatal message (and abort) into one line.
    env = bare_env(QT_QPA_PLATFORM="xcb", DISPLAY=f"unix:{tmp_path}/none:97",
                   XDG_RUNTIME_DIR=str(tmp_path))
    result = run_playground([], env)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("playground: the app cannot start: "), \
        result.stderr
    assert "playground doctor" in lines[0] and "Traceback" not in result.stderr


def test_doctor_exit_0_where_qt_can_start_for_the_tests():
    result = run_playground(["doctor", "--for", "tests"], bare_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The tests can run." in result.stdout
    assert "a QApplication starts on the offscreen platform" in result.stdout


def test_doctor_exit_0_for_the_app_on_a_platform_without_display():
    result = run_playground(["doctor"], bare_env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The app can start." in result.stdout


@pytest.mark.skipif(not LINUX, reason="the no-display check is for Linux")
def test_doctor_quiet_with_no_display_is_one_line():
    result = run_playground(["doctor", "--quiet"], bare_env())
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert "playground doctor: display: " + display_problem({}) in lines
    pyside = doctor.pyside_dir()
    if not doctor.missing_libraries(doctor.qt_files(pyside, ["xcb"])):
        assert len(lines) == 1, lines  # where a library is missing, that is said too


# A mount namespace in which one system library is not there: the real dynamic loader
# (ldd, and Qt in the probe) then cannot find it, as on a machine that lacks the package.
HIDE = """
import os, subprocess, sys
hide, real = sys.argv[1], sys.argv[2]
libdir = os.path.dirname(os.path.realpath(sys.argv[3]))
subprocess.run(["mount", "--bind", libdir, real], check=True)
subprocess.run(["mount", "-t", "tmpfs", "tmpfs", libdir], check=True)
for name in os.listdir(real):  # no new process may start until the folder is filled
    if not name.startswith(hide):
        os.symlink(os.path.join(real, name), os.path.join(libdir, name))
os.execv(sys.argv[4], sys.argv[4:])
"""


def _library_path(name: str, plugin: Path) -> str | None:
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == name and len(parts) > 2 and parts[2].startswith("/"):
            return parts[2]
    return None


def _can_unshare() -> bool:
    if not (LINUX and shutil.which("unshare") and shutil.which("ldd")):
        return False
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="hiding a system library needs root and a "
                                               "mount namespace (unshare -m)")
def test_doctor_names_a_hidden_library_and_its_package(tmp_path):
    pyside = doctor.pyside_dir()
    files = doctor.qt_files(pyside, ["xcb"])
    plugin = pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    before = doctor.missing_libraries(files)  # what this machine lacks anyway
    # The library of the issue's report if it is here, else another one Qt needs.
    candidates = ["libxcb-icccm.so.4", *doctor.PACKAGES]
    hidden, found = next(((name, path) for name in candidates
                          if (path := _library_path(name, plugin)) is not None),
                         (None, None))
    assert hidden is not None, "ldd resolves none of the libraries the doctor knows"
    real = tmp_path / "real"
    real.mkdir()
    helper = tmp_path / "hide.py"
    helper.write_text(HIDE)
    env = bare_env(QT_QPA_PLATFORM="xcb", DISPLAY=":0")
    result = run_playground(["doctor"], env, prefix=(
        "unshare", "-m", sys.executable, str(helper), hidden, str(real), found))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    line = next(li for li in out.splitlines() if "FAIL  missing for PySide6" in li)
    named = line.split(": ", 1)[1].split(" (packages")[0].split(", ")
    assert named == [*before, hidden] or set(named) == {*before, hidden}, out
    debian, fedora = doctor.PACKAGES[hidden]
    fix = next(li for li in out.splitlines() if li.startswith("fix: "))
    assert fix.startswith(("fix: apt-get install -y ", "fix: dnf install -y ")), out
    assert (debian if "apt-get" in fix else fedora) in fix.split(), out
    assert "Traceback" not in out, out

    # The app itself, on the same machine: one line pointing at the doctor, not SIGABRT.
    result = run_playground([], env, prefix=(
        "unshare", "-m", sys.executable, str(helper), hidden, str(real), found))
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("playground: the app cannot start: "), lines
    assert "playground doctor" in lines[0], lines


def test_the_readme_prerequisites_install_every_library_qt_needs():
    # The libraries a minimal Debian 12 lacks (issue 22) and the Wayland plugin's.
    needed = """libEGL.so.1 libGL.so.1 libX11-xcb.so.1 libdbus-1.so.3 libfontconfig.so.1
        libfreetype.so.6 libglib-2.0.so.0 libgthread-2.0.so.0 libxcb-cursor.so.0
        libxcb-icccm.so.4 libxcb-image.so.0 libxcb-keysyms.so.1 libxcb-randr.so.0
        libxcb-render-util.so.0 libxcb-render.so.0 libxcb-shape.so.0 libxcb-shm.so.0
        libxcb-sync.so.1 libxcb-util.so.1 libxcb-xfixes.so.0 libxcb-xkb.so.1
        libxkbcommon-x11.so.0 libxkbcommon.so.0 libwayland-client.so.0
        libwayland-cursor.so.0 libwayland-egl.so.1""".split()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    apt = next(li for li in readme.splitlines() if "apt-get install -y python3" in li).split()
    dnf = next(li for li in readme.splitlines() if "dnf install -y python3" in li).split()
    assert "python3-venv" in apt and "make" in apt and "make" in dnf
    for lib in needed:
        debian, fedora = doctor.PACKAGES[lib]
        assert debian in apt, f"{debian} ({lib}) missing from the README's apt-get line"
        assert fedora in dnf, f"{fedora} ({lib}) missing from the README's dnf line"


def test_the_3d_views_opengl_drivers_are_looked_for_and_never_fail_the_check(tmp_path):
    dri = tmp_path / "dri"
    dri.mkdir()
    cache = "\tlibGLX_mesa.so.0 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libGLX_mesa.so.0\n"
    assert doctor.missing_gl_drivers([str(dri)], cache) == ["swrast_dri.so"]
    (dri / "swrast_dri.so").write_bytes(b"")
    assert doctor.missing_gl_drivers([str(dri)], cache) == []
    assert doctor.missing_gl_drivers([str(dri)], "") == ["libGLX_mesa.so.0"]
    assert [p[doctor.DEBIAN] for p in doctor.GL_DRIVERS.values()] == ["libglx-mesa0",
                                                                      "libgl1-mesa-dri"]
    report = doctor.Report()
    doctor.check_gl_drivers(report)
    assert report.ok and report.checks[0].name == "3-D view"


def test_a_missing_chinese_font_is_a_note_with_the_package(monkeypatch):
    from playground import doctor as d

    monkeypatch.setattr(d, "chinese_fonts", lambda env=None: [])
    monkeypatch.setattr(d, "distribution_family", lambda *a: d.DEBIAN)
    monkeypatch.setattr(d, "is_root", lambda: False)
    report = d.Report()
    d.check_chinese_font(report, {})
    (line,) = report.checks
    assert line.ok and "stays English" in line.text and "fonts-noto-cjk" in line.text
    monkeypatch.setattr(d, "chinese_fonts", lambda env=None: ["Noto Sans CJK SC"])
    report = d.Report()
    d.check_chinese_font(report, {})
    assert report.checks[0].text == "Noto Sans CJK SC"
