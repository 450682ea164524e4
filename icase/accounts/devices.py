"""A readable name for the browser and system a session was started from ("Chrome on Linux").

The sessions page showed raw user-agent strings, which people cannot read. Recognising the common
browsers and systems by their well-known tokens is enough to tell one's own devices apart, and needs
no parsing library. Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari",
and Android also says "Linux", so the more specific tokens are tried first.
"""

import re

BROWSERS = [
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chrome", re.compile(r"\b(Headless)?Chrome/|\bCriOS/|\bChromium/")),
    ("Safari", re.compile(r"\bSafari/")),
]
SYSTEMS = [
    ("iPhone", re.compile(r"\biPhone\b")),
    ("iPad", re.compile(r"\biPad\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
]


def _first(patterns, text):
    return next((name for name, pattern in patterns if pattern.search(text)), None)


def describe(user_agent):
    """'Chrome on Linux', 'Safari on iPhone', 'Firefox', 'a device on Windows' or 'Unknown browser'."""
    text = user_agent or ""
    browser, system = _first(BROWSERS, text), _first(SYSTEMS, text)
    if browser and system:
        return f"{browser} on {system}"
    if browser:
        return browser
    if system:
        return f"A browser on {system}"
    return "Unknown browser"
