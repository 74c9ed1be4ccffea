"""Makes the model template `make generate` uses: the pinned openapi-python-client's own
model.py.jinja with three small edits that call our macros (tools/generator-templates/
model_additions.jinja), beside our other templates. No whole-file copy of the generator's
template is kept, so upgrading the generator is a pin bump; if its template changes where
we edit it, this says so instead of generating something else.

usage: python tools/model_template.py OUT_DIR   (run with the generator's Python)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openapi_python_client

OURS = Path(__file__).parent / "generator-templates"
IMPORT = '{% from "model_additions.jinja" import declaration, decimal_accessors, decimal_import with context %}\n'
# (what the generator's template says, what ours says instead, how many times)
EDITS = [
    (
        "from attrs import define as _attrs_define\n",
        "{{ decimal_import() }}\nfrom attrs import define as _attrs_define\n",
        1,
    ),
    ("{{ property.to_string() | as_unembedded_code }}", "{{ declaration(property) }}", 2),
    (
        "_attrs_field(init=False, factory=dict)\n    {% endif %}\n",
        "_attrs_field(init=False, factory=dict)\n    {% endif %}\n{{ decimal_accessors() }}\n",
        1,
    ),
]


def main(out: str) -> None:
    target = Path(out)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(OURS, target)
    theirs = Path(openapi_python_client.__file__).parent / "templates" / "model.py.jinja"
    text = theirs.read_text("utf-8")
    for old, new, count in EDITS:
        if text.count(old) != count:
            sys.exit(
                f"{theirs} changed: {old!r} occurs {text.count(old)} times, not {count};"
                " update tools/model_template.py for this generator version"
            )
        text = text.replace(old, new)
    (target / "model.py.jinja").write_text(IMPORT + text, "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
