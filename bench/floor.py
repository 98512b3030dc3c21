"""The floor the benchmarks compare against: a bare lxml iterparse over every <item>.

It reads each element's tag, text and attributes into a throwaway dict and frees each item
as it goes, the least work any converter must do. Prints counts so runs can be
cross-checked: ``python bench/floor.py export.xml``.
"""

from __future__ import annotations

import sys

from lxml import etree


def visit(item: etree._Element) -> tuple[int, int]:
    """Touch every element under ``item``; return (elements, characters) seen."""
    fields: dict[object, str | None] = {}
    elements = chars = 0
    for el in item.iter():
        text = el.text
        fields[el.tag] = text
        chars += len(text) if text else 0
        for value in el.attrib.values():
            chars += len(value)
        elements += 1
    return elements, chars


def floor(path: str) -> tuple[int, int, int]:
    """Stream ``path``; return (items, elements, characters)."""
    items = elements = chars = 0
    for _, item in etree.iterparse(path, events=("end",), tag="item", huge_tree=True):
        e, c = visit(item)
        items, elements, chars = items + 1, elements + e, chars + c
        item.clear(keep_tail=True)
        while item.getprevious() is not None:
            del item.getparent()[0]
    return items, elements, chars


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: floor.py EXPORT.xml", file=sys.stderr)
        return 2
    items, elements, chars = floor(argv[0])
    print(f"items={items} elements={elements} chars={chars}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
