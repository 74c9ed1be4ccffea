"""`make demo`, the README's main-job command, keeps working (run here without the install step)."""

from __future__ import annotations

import subprocess

from .conftest import ROOT


def test_demo_retrieves_the_three_documented_sessions() -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / "demo.sh")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.count("$ dwolla-exchange sessions get") == 3
    assert out.count("provider: MX (active)") == 2
    assert out.count("provider: Plaid (active)") == 1
    assert out.count("MX Connect widget URL") == 2
    assert "link-production-b41e8ed3-0874-4c64-b07d-a77088979d5f" in out
    assert out.rstrip().endswith("Demo done; stopping the fake.")  # said once, at the end
    assert out.count("Demo done") == 1
    # The bank-linking flow, for MX and for Plaid, each step in order.
    for partner, handoff in (
        ("MX", "ProviderPage"),
        ("Plaid", "PlaidLink"),
        ("Visa", "ProviderPage"),
    ):
        walk = out.split(f"\n{partner}: session ->", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
        expected = [
            f"session created; the front end gets {handoff}",
            "end user",
            "exchange ",
            "funding source 'Jane Doe - " + partner + " checking' is verified",
            "balance: 542.00 USD available",
            "webhook arrived, signature verified: customer_exchange_reauth_required for exchange ",
            "balance again: UpdateCredentials",
            "re-authentication session created and completed",
            "balance after re-auth: 542.00 USD available",
        ]
        assert len(walk) == len(expected), walk
        for line, start in zip(walk, expected, strict=True):
            assert line.startswith("  " + start), (line, start)
    assert "Bank-linking flow done for MX, Plaid and Visa" in out
    assert "fake-client-secret" not in out
