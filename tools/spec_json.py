"""Writes the contract as JSON for the package: the offline fake reads it without a YAML
library, so `pip install dwolla-exchange` needs none. Run by `make generate` (and compared by
`make check-generated`) with the generator's environment, whose YAML library is ruamel.yaml.

usage: python tools/spec_json.py openapi.yaml out.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ruamel.yaml import YAML


def main(source: str, target: str) -> None:
    document = YAML(typ="safe", pure=True).load(Path(source).read_text("utf-8"))
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    Path(target).write_text(text, "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
