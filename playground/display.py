"""Which Qt platform the app will open its window on, and whether there is a display for it.

Qt-free on purpose: `playground` and `playground doctor` decide this before anything
loads Qt, because a Qt that finds no display aborts the process (SIGABRT, exit 134)
with a page of text instead of saying so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

# Platforms that draw without a desktop session: no DISPLAY or WAYLAND_DISPLAY needed.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb",
                                "vkkhrdisplay"})


def uses_display_server(platform: str = sys.platform) -> bool:
    """True where Qt needs an X11 or Wayland server (Linux and the BSDs, not macOS/Windows)."""
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def platform_env(env: Mapping[str, str]) -> dict[str, str]:
    """`env` with QT_QPA_PLATFORM set the way the app starts Qt.

    A user's QT_QPA_PLATFORM is kept. Otherwise Qt picks (Wayland in a Wayland session,
    xcb elsewhere), except that in a Wayland session that also has XWayland we ask for
    "wayland;xcb": if the Wayland plugin cannot load, Qt then falls back to xcb instead
    of giving up.
    """
    out = dict(env)
    if out.get("QT_QPA_PLATFORM") or not uses_display_server():
        return out
    session = out.get("XDG_SESSION_TYPE", "")
    if out.get("WAYLAND_DISPLAY") and out.get("DISPLAY") and session in ("", "wayland"):
        out["QT_QPA_PLATFORM"] = "wayland;xcb"
    return out


def requested_platforms(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (empty: Qt's own choice)."""
    value = platform_env(env).get("QT_QPA_PLATFORM", "")
    # "xcb:option=value" carries plugin options after a colon.
    return [part.split(":", 1)[0].strip() for part in value.split(";") if part.strip()]


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """One line saying why no window can open here, or None when a display is there."""
    env = os.environ if env is None else env
    if not uses_display_server():
        return None
    wanted = requested_platforms(env)
    if wanted and any(p in HEADLESS_PLATFORMS for p in wanted):
        return None
    has_x, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    hint = "start it from a desktop session, or with no screen use `xvfb-run -a playground`"
    if not wanted:
        if has_x or has_wayland:
            return None
        return f"no display: neither DISPLAY nor WAYLAND_DISPLAY is set; {hint}"
    if ("xcb" in wanted and has_x) or ("wayland" in wanted and has_wayland):
        return None
    if wanted == ["xcb"]:
        return f"no X display: QT_QPA_PLATFORM=xcb but DISPLAY is not set; {hint}"
    if wanted == ["wayland"]:
        return (f"no Wayland display: QT_QPA_PLATFORM=wayland but WAYLAND_DISPLAY is not "
                f"set; {hint}")
    if {"xcb", "wayland"} & set(wanted):
        return (f"no display: QT_QPA_PLATFORM={';'.join(wanted)} but neither DISPLAY nor "
                f"WAYLAND_DISPLAY is set; {hint}")
    return None  # a platform we do not know (a plugin of the user's): let Qt judge
