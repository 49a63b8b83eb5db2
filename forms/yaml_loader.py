"""A YAML loader that keeps option values such as ``yes`` and ``8_12`` as text.

Option values are a contract (instruments.md). YAML 1.1, which PyYAML follows,
would silently read ``yes``/``no``/``on``/``off`` as booleans and ``8_12`` as the
number 812. Here only ``true``/``false`` are booleans and only plain digits are
numbers (there are no floats in a definition).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_LOOSE_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


# libyaml's parser when PyYAML was built with it (about ten times faster: the app reads every
# definition at start-up); the resolver, which decides what is a bool or a number, is Python's either way.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DefinitionLoader(_SafeLoader):
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _LOOSE_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


DefinitionLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
DefinitionLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^-?[0-9]+$"), list("-0123456789"))


def load_yaml(path: Path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=DefinitionLoader)  # noqa: S506 - a SafeLoader subclass


def load_yaml_text(text: str):
    """The same reading for text (a definition uploaded or imported, not a file in the repository)."""
    return yaml.load(text, Loader=DefinitionLoader)  # noqa: S506 - a SafeLoader subclass
