"""The package stands on its own: the built wheel, installed (not editable) into a fresh venv, runs
``ctrxl init --example`` and ``ctrxl demo``; and the modules import one way (no cycles).

The wheel test builds with pip's build isolation (the backend named in pyproject.toml is fetched
from PyPI), so it needs the network; it is marked ``slow`` (deselect with ``-m "not slow"``) and
runs by default, in CI too.
"""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Copied to a temporary folder before building: pip would otherwise leave build/ and *.egg-info
# in the checkout. The top-level templates/ and examples/ are symlinks and stay symlinks.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc",
                                    ".pytest_cache", "tmp")


def _run(args: list, cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    out = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{args}\n--- stdout\n{out.stdout[-4000:]}\n--- stderr\n{out.stderr[-4000:]}"
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str], Path, Path]:
    """(venv bin folder, environment, a working folder outside the repository, the wheel), installed."""
    base = tmp_path_factory.mktemp("package")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    src = base / "src"
    shutil.copytree(REPO, src, symlinks=True, ignore=NOT_COPIED)
    wheels = base / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, src], base, env)
    (wheel,) = wheels.glob("ctrxl-*.whl")

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], base, env)
    py = venv / "bin" / "python"
    # The third-party dependencies come from the test environment: a .pth line puts its site-packages
    # after the new venv's own. A path added by a .pth line is not a site folder, so the .pth files
    # in it (the editable ctrxl's finder) are not run: only the wheel provides ``ctrxl``.
    purelib = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base, env).stdout.strip()
    Path(purelib, "ctrxl-test-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", py, "install", "--quiet", "--no-deps", "--no-index", wheel],
         base, env)
    work = base / "x"
    work.mkdir()
    return venv / "bin", env, work, wheel


@pytest.mark.slow
def test_wheel_ships_templates_and_examples(installed):
    names = zipfile.ZipFile(installed[3]).namelist()
    assert "ctrxl/py.typed" in names
    for needed in ("ctrxl/resources/examples/danang-nq21/programme.yaml",
                   "ctrxl/resources/examples/danang-nq21/registry.yaml"):
        assert needed in names
    assert any(n.startswith("ctrxl/resources/templates/") and n.endswith(".docx") for n in names)
    assert any(n.startswith("ctrxl/resources/templates/") and n.endswith(".xlsx") for n in names)
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "scripts/"))]


@pytest.mark.slow
def test_installed_wheel_is_the_ctrxl_that_runs(installed):
    bin_dir, env, work, _ = installed
    out = _run([bin_dir / "python", "-c", "import ctrxl; print(ctrxl.__file__)"], work, env)
    where = Path(out.stdout.strip())
    assert where.is_relative_to(bin_dir.parent), where
    assert not where.is_relative_to(REPO)


@pytest.mark.slow
def test_installed_wheel_runs_init_and_demo(installed):
    bin_dir, env, work, _ = installed
    ctrxl = bin_dir / "ctrxl"
    assert ctrxl.is_file()
    out = _run([ctrxl, "init", work / "w", "--example", "danang-nq21"], work, env)
    for name in ("ctrxl.toml", "programme.yaml", "registry.yaml"):
        assert (work / "w" / name).is_file(), (name, out.stdout)
    out = _run([ctrxl, "-w", work / "w", "check"], work, env)
    assert "Không có lỗi." in out.stdout

    out = _run([ctrxl, "demo", work / "d"], work, env, timeout=900)
    d = work / "d" / "output"
    from ctrxl import clock

    year = clock.today().year  # the demo is today's cycle
    assert len(list((d / f"bieu-mau-17-CTr-TU-{year}").glob("*.xlsx"))) == 106
    assert (d / f"tong-hop-17-CTr-TU-{year}.xlsx").is_file()
    assert (d / f"bao-cao-17-CTr-TU-{year}" / "bao-cao-tong-hop.docx").is_file()
    assert out.stdout.rstrip().endswith(f"Xong. Thư mục làm việc: {work / 'd'}")


