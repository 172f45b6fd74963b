"""Graphs used by several test modules, including the worked examples of 05-graph.md §11."""

from __future__ import annotations

from collections.abc import Iterable

from pacto.contract import Contract
from pacto.graph import FetchedBundle, Result, resolve

from .fakes import FakeFetcher, contract, dep, root_at

LEDGER_DIGEST = "sha256:1a2b3c4d5e6f7a8b"
PAYMENTS = "oci://ghcr.io/acme/payments-pacto"
NOTIFY_100 = "oci://ghcr.io/acme/notify-pacto:1.0.0"
NOTIFY_110 = "oci://ghcr.io/acme/notify-pacto:1.1.0"
LEDGER = f"oci://ghcr.io/acme/ledger-pacto@{LEDGER_DIGEST}"
SEARCH = "oci://ghcr.io/acme/search-pacto:0.4.0"


def checkout_root() -> Contract:
    return contract(
        "checkout",
        "1.2.0",
        [
            dep(PAYMENTS, "^2.0.0", required=True, name="payments"),
            dep("../inventory", "^0.9.0", name="inventory"),
            dep(NOTIFY_100, "^1.0.0", name="notify"),
        ],
    )


def checkout_fetcher(*, cached: Iterable[str] = ()) -> FakeFetcher:
    """The registry and directories of §11.1."""
    notify_100 = contract("notify", "1.0.0")
    notify_110 = contract("notify", "1.1.0")
    ledger = contract("ledger", "4.0.0")
    payments = {
        version: contract("payments", version) for version in ("1.9.0", "2.0.0", "3.0.0-rc.1")
    }
    payments["2.3.1"] = contract(
        "payments", "2.3.1", [dep(NOTIFY_110, "^1.1.0"), dep(LEDGER, "^4.0.0")]
    )
    return FakeFetcher(
        registry={
            "ghcr.io/acme/payments-pacto": payments,
            "ghcr.io/acme/notify-pacto": {"1.0.0": notify_100, "1.1.0": notify_110},
            "ghcr.io/acme/ledger-pacto": {LEDGER_DIGEST: ledger},
            "ghcr.io/acme/search-pacto": {"0.4.0": contract("search", "0.4.0")},
        },
        local={"/w/inventory": contract("inventory", "0.9.0", [dep(NOTIFY_100, "^1.0.0")])},
        cached=cached,
    )


def checkout_root_bundle() -> FetchedBundle:
    return root_at("/w/checkout", checkout_root())


def checkout_graph() -> Result:
    return resolve(checkout_root_bundle(), checkout_fetcher())


def checkout_v130_graph() -> Result:
    """The new side of §11.4: payments 3.0.0 (only notify 1.1.0), notify, search; no inventory."""
    fetcher = checkout_fetcher()
    fetcher.registry["ghcr.io/acme/payments-pacto"]["3.0.0"] = contract(
        "payments", "3.0.0", [dep(NOTIFY_110, "^1.1.0")]
    )
    root = contract(
        "checkout",
        "1.3.0",
        [dep(PAYMENTS, "^3.0.0", required=True), dep(NOTIFY_100, "^1.0.0"), dep(SEARCH, "^0.4.0")],
    )
    return resolve(root_at("/w/checkout", root), fetcher)


CHECKOUT_TREE = """\
checkout@1.2.0
├─ payments@2.3.1
│  ├─ notify@1.1.0
│  └─ ledger@4.0.0
├─ inventory@0.9.0 [local]
│  └─ notify@1.0.0 (shared)
└─ notify@1.0.0

Conflicts (1):
  notify: [notify@1.0.0 notify@1.1.0]
"""
