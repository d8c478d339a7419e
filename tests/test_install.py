"""The office set-up (scripts/install.sh) and its systemd units, without changing this machine."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import needs_systemd_analyze, verify_units

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "install.sh"
UNITS = ("pindai.service", "pindai-web.service", "pindai-nightly.service", "pindai-nightly.timer")


def test_install_script_parses() -> None:
    r = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_a_dry_run_prints_every_step_and_changes_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "PINDAI_PREFIX": str(tmp_path / "opt"), "PINDAI_HOME": str(tmp_path / "srv"),
           "PINDAI_SYSTEMD_DIR": str(tmp_path / "units")}
    r = subprocess.run(["bash", str(SCRIPT), "--dry-run"], capture_output=True, text=True, env=env,
                       stdin=subprocess.DEVNULL, timeout=60)
    assert r.returncode == 0, r.stderr
    steps = [line[2:] for line in r.stdout.splitlines() if line.startswith("+ ")]
    text = "\n".join(steps)
    # the service user and both groups, the home, the four units, the Samba example
    if subprocess.run(["id", "pindai"], capture_output=True).returncode != 0:  # not on this machine yet
        assert any(s.startswith("useradd --system") and s.endswith(" -g ppid -G scanner pindai") for s in steps)
    for unit in UNITS:
        assert f"{tmp_path / 'units' / unit}" in text
    assert f"init --home {tmp_path / 'srv'} --group ppid" in text
    assert "smb.conf.example" in text and "smbpasswd -a" in r.stdout
    # only what runs pindai: no browser, no test extras
    assert "chromium" not in text and "[test]" not in text and "selenium" not in text
    assert not (tmp_path / "opt").exists() and not (tmp_path / "srv").exists() and not (tmp_path / "units").exists()


def test_an_unknown_option_is_refused() -> None:
    r = subprocess.run(["bash", str(SCRIPT), "--bogus"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and "unknown option" in r.stderr


def test_without_root_it_says_how_to_run_it(shared_spot: Path) -> None:
    if os.geteuid() != 0:
        r = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert r.returncode == 1 and "run as root" in r.stderr
    else:  # as root here: run it as nobody
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv (util-linux) missing: cannot drop root to check the refusal")
        # A copy where nobody can read it: the checkout may lie under a 0700 folder (#13).
        script = shared_spot / SCRIPT.name
        shutil.copy(SCRIPT, script)
        script.chmod(0o755)
        r = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "bash", str(script)],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd="/")
        assert r.returncode == 1 and "run as root" in r.stderr


@needs_systemd_analyze
def test_the_units_verify(tmp_path: Path) -> None:
    """systemd's own check of the units, pointed at this checkout's pindai (the service user may not exist)."""
    verify_units([REPO / "deploy" / unit for unit in UNITS], tmp_path)
