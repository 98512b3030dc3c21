"""Front matter and data files, written by real emitters (PyYAML, tomli-w).

Any string survives a round trip: the emitters quote what needs quoting. Dates are
written as ISO 8601 timestamps (``2010-02-02T08:15:00-08:00``), unquoted, so every
generator reads them as dates. Multi-line text is written as a YAML literal block
where YAML allows it. Values PHP may hold but TOML cannot (null) are dropped.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import tomli_w
import yaml

from . import yamlfast
from .options import FORMATS

__all__ = ["FORMATS", "TOML_FENCES", "document", "to_json", "to_toml", "to_yaml"]

# Plain scalars YAML 1.2 parsers (js-yaml, Go) read as numbers but PyYAML (1.1) does not.
_YAML12_NUMBER = re.compile(r"[-+]?(?:0o[0-7]+|0x[0-9a-fA-F]+|[0-9][0-9_]*(?:\.[0-9_]*)?)")


class _Dumper(yaml.SafeDumper):
    """SafeDumper with ISO 8601 timestamps and readable multi-line strings.

    The pure-Python emitter on purpose: libyaml's escapes emoji (``\\U0001F389``), so
    output would depend on how PyYAML was built.
    """


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    if _YAML12_NUMBER.fullmatch(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="'")
    return dumper.represent_str(data)


def _datetime(dumper: yaml.SafeDumper, data: datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", data.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(datetime, _datetime)


def _resolve(value: str) -> str:
    """The tag a plain scalar ``value`` is read as (PyYAML's implicit resolvers)."""
    table = _Dumper.yaml_implicit_resolvers
    for tag, pattern in table.get(value[:1], []) + table.get(None, []):
        if pattern.match(value):
            return str(tag)
    return "tag:yaml.org,2002:str"


def _number_like(value: str) -> bool:
    return _YAML12_NUMBER.fullmatch(value) is not None


def to_yaml(data: Any) -> str:
    fast = yamlfast.dump(data, _resolve, _number_like)
    if fast is not None:
        return fast
    text: str = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    return text


def to_toml(data: dict[str, Any]) -> str:
    return tomli_w.dumps(_toml_safe(data))


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class _IsoDatetime(datetime):
    """tomli-w writes ``str(value)``; this makes it ``2010-02-02T08:15:00-08:00``."""

    def __str__(self) -> str:
        return self.isoformat()


def _toml_safe(value: Any) -> Any:
    """TOML has no null and only string keys."""
    if isinstance(value, datetime):
        return _IsoDatetime.fromisoformat(value.isoformat())
    if isinstance(value, dict):
        return {str(k): _toml_safe(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_toml_safe(v) for v in value if v is not None]
    return value


#: The fences around TOML front matter: Hugo's ``+++``; Eleventy's ``---toml``.
TOML_FENCES = ("+++", "+++")


def document(fields: dict[str, Any], body: str, fmt: str,
             toml_fences: tuple[str, str] = TOML_FENCES) -> str:
    """A Markdown file: front matter between fences, a blank line, then the body."""
    if fmt == "toml":
        head = f"{toml_fences[0]}\n{to_toml(fields)}{toml_fences[1]}\n"
    else:
        head = "---\n" + to_yaml(fields) + "---\n"
    body = body.strip("\n")
    return head + ("\n" + body + "\n" if body else "")
