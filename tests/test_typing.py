"""What a user's type checker says: `mypy --strict` on the README's examples and on typical
mistakes, as the user's own modules against the installed wheel (not this checkout)."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import dwolla_exchange

from .test_readme import python_blocks

# Each line marked `# error` must be refused by the type checker, and nothing else.
MISTAKES = """\
from dwolla_exchange import Dwolla

with Dwolla() as dwolla:
    dwolla.exchange_sessions.retrieve(12345)  # error
    dwolla.funding_sources.create("c", "e", name="n", bank_account_type="chequing")  # error
    dwolla.exchanges.list(None)  # error
    dwolla.exchange_sessions.create(object(), "Plaid")  # error
    session = dwolla.exchange_sessions.retrieve("fcd15e5f-8d13-4570-a9b7-7fb49e55941d")
    print(dwolla.follow(session.links.exchange_partner).name)  # error
    print(dwolla.funding_sources.balance("x").available.value)  # error
"""


def _mypy_as_a_user(tmp_path: Path, wheel: Path, modules: dict[str, str]) -> str:
    venv = tmp_path / "venv"
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    site = venv / "lib" / version / "site-packages"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # httpx, attrs, flask, ... from this environment; dwolla_exchange only from the wheel.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    folder = tmp_path / "user"
    folder.mkdir()
    for name, text in modules.items():
        (folder / name).write_text(text)
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-incremental"),
            *("--config-file", "/dev/null", "--python-executable", str(venv / "bin" / "python")),
            *sorted(modules),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=folder,
    )
    return result.stdout


@pytest.mark.slow
def test_readme_examples_pass_and_mistakes_are_caught(built_wheel: Path, tmp_path: Path) -> None:
    examples = {f"readme_{i}.py": block for i, block in enumerate(python_blocks())}
    output = _mypy_as_a_user(tmp_path, built_wheel, {**examples, "mistakes.py": MISTAKES})
    flagged = {
        (name, int(line)) for name, line in re.findall(r"^(\w+\.py):(\d+): error", output, re.M)
    }
    expected = {
        ("mistakes.py", number)
        for number, line in enumerate(MISTAKES.splitlines(), 1)
        if line.endswith("# error")
    }
    assert flagged == expected, output


def test_dir_lists_every_public_name_lazily_loaded_ones_too() -> None:
    names = dir(dwolla_exchange)
    for name in ("Amount", "FundingSourceBalance", "webhooks", "DefaultAioHttpClient", "Dwolla"):
        assert name in names
    assert set(dwolla_exchange.__all__) <= set(names)


def test_help_shows_the_namespaces_and_the_environment_defaults() -> None:
    import pydoc

    for client in (dwolla_exchange.Dwolla, dwolla_exchange.AsyncDwolla):
        text = pydoc.render_doc(client, renderer=pydoc.plaintext)  # type: ignore[attr-defined]  # not in typeshed
        for word in ("exchange_sessions", "funding_sources", "available_exchange_connections"):
            assert word in text, (client, word)
    text = pydoc.render_doc(dwolla_exchange.Dwolla, renderer=pydoc.plaintext)  # type: ignore[attr-defined]  # not in typeshed
    for variable in (
        "DWOLLA_CLIENT_ID",
        "DWOLLA_CLIENT_SECRET",
        "DWOLLA_ENVIRONMENT",
        "DWOLLA_BASE_URL",
        "HTTPS_PROXY",
        "SSL_CERT_FILE",
    ):
        assert variable in text, variable


def test_mypy_resolves_this_environments_install(tmp_path: Path) -> None:
    """`make install`'s editable install: a user's mypy finds the package (through the
    .pth the Makefile writes), instead of treating every dwolla_exchange type as Any."""
    (tmp_path / "user.py").write_text(
        "from dwolla_exchange import Dwolla\n\nclient: Dwolla = Dwolla()\nreveal_type(client)\n"
    )
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--no-incremental", "--config-file", "/dev/null"),
            *("--python-executable", sys.executable, "user.py"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert "import-not-found" not in result.stdout, result.stdout
    assert 'Revealed type is "dwolla_exchange._client.Dwolla"' in result.stdout, result.stdout
