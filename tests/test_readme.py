"""What the README promises a newcomer: its start commands work on a system Python that refuses
pip (a virtual environment first), its pictures are in the repository, and its tip for turning
a screenshot into a PNG draws it right."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# ![text](path "title") and <img src="path">
PICTURE = re.compile(r'!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*\bsrc\s*=\s*["\']([^"\']+)')


def pictures() -> list[str]:
    links = [markdown or html for markdown, html in PICTURE.findall(README)]
    return [link for link in links if not re.match(r"[a-z]+:", link)]  # not http: or data:


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60)


def in_a_git_checkout() -> bool:
    return shutil.which("git") is not None and git("rev-parse", "--is-inside-work-tree").stdout.strip() == "true"


def test_the_readme_shows_pictures() -> None:
    assert len(pictures()) >= 5  # the pattern finds them (a picture test that finds none tests nothing)


@pytest.mark.parametrize("link", pictures())
def test_every_picture_the_readme_shows_is_in_the_repository(link: str) -> None:
    path = ROOT / link
    assert path.is_file(), f"README shows {link}, which does not exist"
    if in_a_git_checkout():  # tracked, or at least committable (a new one not yet added)
        tracked = git("ls-files", "--error-unmatch", link).returncode == 0
        assert tracked or git("check-ignore", "-q", link).returncode == 1, f"{link} is ignored by .gitignore"


@pytest.mark.skipif(not in_a_git_checkout(), reason="git's ignore rules need a checkout")
def test_a_png_in_screenshots_can_be_committed() -> None:
    assert git("check-ignore", "-q", "screenshots/browser.png").returncode == 1  # browser_screenshot.py's
    assert git("check-ignore", "-q", "elsewhere.png").returncode == 0  # other pictures stay out


def test_the_start_says_to_make_a_virtual_environment_before_pip() -> None:
    start = README.split("## Start", 1)[1].split("\n## ", 1)[0]
    assert "python3 -m venv .venv && . .venv/bin/activate" in start
    assert "externally-managed-environment" in start
    assert start.index("python3 -m venv") < start.index("pip install -e . && nnwb")


def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    command = "pip install -e '.[test]' && pytest"
    assert f"```sh\n{command}\n```" in README
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith(command)


@pytest.mark.parametrize("svg", sorted((ROOT / "screenshots").glob("*.svg")), ids=lambda path: path.name)
def test_every_screenshot_keeps_its_spaces_for_rsvg_convert(svg: Path) -> None:
    # librsvg drops a text run's leading and trailing spaces (" none   " after "Dense 4→3")
    # unless the document preserves them: the README's rsvg-convert tip then runs words together.
    root = ElementTree.parse(svg).getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert "rsvg-convert screenshots/main.svg -o main.png" in README
