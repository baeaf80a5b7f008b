#!/usr/bin/python3
"""python_layout_test.py: the Python host's ctypes declarations match connector_abi.h exactly.

    python_layout_test.py CC INCLUDE_DIR EXAMPLE_DIR

Two sources of truth are compared with host-api/examples/python/connector_abi.py:
- the header's text, for the names: every struct and its fields in order, every enum and its
  constants (a field or constant added on either side is missing on the other);
- the C compiler CC, for the numbers: a C99 program written from the header's names prints
  sizeof and offsetof of every struct and field and the value of every constant, which must
  equal what ctypes computes (a field moved or retyped on either side fails, named).
Exit code 0 when everything matches, 1 with one line per difference otherwise.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HEADER = Path("connector_abi") / "connector_abi.h"


@dataclass
class HeaderNames:
    """What the header declares, by C name, in declaration order."""

    structs: dict[str, list[str]]  # struct -> its fields
    enums: dict[str, list[str]]  # enum -> its constants


def without_comments(text: str) -> str:
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))


def member_name(statement: str) -> str:
    """The name one member declares: `(*name)(...)` for a function pointer, else the last word."""
    pointer = re.search(r"\(\s*\*\s*(\w+)\s*\)", statement)
    if pointer:
        return pointer.group(1)
    return re.findall(r"\w+", statement)[-1]


def read_header(text: str) -> HeaderNames:
    text = without_comments(text)
    structs = {
        name: [member_name(s) for s in body.split(";") if s.strip()]
        for name, body in re.findall(r"typedef struct (\w+) \{(.*?)\} \1;", text, flags=re.S)
    }
    enums = {
        name: re.findall(r"(\w+)\s*=", body)
        for name, body in re.findall(r"typedef enum (\w+) \{(.*?)\} \1;", text, flags=re.S)
    }
    return HeaderNames(structs, enums)


def c_program(names: HeaderNames) -> str:
    """A C99 program printing "size S N", "field S F OFFSET SIZE" and "value C N" lines."""
    lines = [
        "#include <connector_abi/connector_abi.h>",
        "#include <stdio.h>",
        "int main(void) {",
        '  printf("macro CNX_ABI_MAJOR %d\\n", CNX_ABI_MAJOR);',
        '  printf("macro CNX_ABI_MINOR %d\\n", CNX_ABI_MINOR);',
        '  printf("macro CNX_ENTRY_SYMBOL %s\\n", CNX_ENTRY_SYMBOL);',
    ]
    for struct, fields in names.structs.items():
        lines.append(f'  printf("size {struct} %zu\\n", sizeof({struct}));')
        for f in fields:
            lines.append(
                f'  printf("field {struct} {f} %zu %zu\\n", offsetof({struct}, {f}), '
                f"sizeof((({struct}*)0)->{f}));"
            )
    for enum, constants in names.enums.items():
        lines.append(f'  printf("size {enum} %zu\\n", sizeof({enum}));')
        lines += [f'  printf("value {c} %d\\n", (int){c});' for c in constants]
    lines += ["  return 0;", "}", ""]
    return "\n".join(lines)


def compiler_says(cc: str, include_dir: Path, program: str) -> dict[str, str]:
    """Runs the program; maps "size S", "field S F", "value C", "macro M" to the rest of a line."""
    with tempfile.TemporaryDirectory(prefix="python-layout-test-") as work:
        source, binary = Path(work) / "layout.c", Path(work) / "layout"
        source.write_text(program)
        flags = ["-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", f"-I{include_dir}"]
        subprocess.run([cc, *flags, str(source), "-o", str(binary)], check=True)
        output = subprocess.run([str(binary)], check=True, capture_output=True, text=True).stdout
    said = {}
    for line in output.splitlines():
        words = line.split()
        key_words = 3 if words[0] == "field" else 2
        said[" ".join(words[:key_words])] = " ".join(words[key_words:])
    return said


class Differences(list[str]):
    """Every mismatch found, one sentence each."""

    def expect(self, what: str, python: object, c: object) -> None:
        if python != c:
            self.append(f"{what}: Python says {python}, connector_abi.h says {c}")


def compare_structs(
    abi: object, names: HeaderNames, said: dict[str, str], out: Differences
) -> None:
    out.expect("the structs", sorted(abi.ALL_STRUCTS), sorted(names.structs))
    for struct, cls in abi.ALL_STRUCTS.items():
        header_fields = names.structs.get(struct, [])
        python_fields = [name for name, _ in cls._fields_]
        out.expect(f"the fields of {struct}", python_fields, header_fields)
        out.expect(f"sizeof({struct})", str(ctypes.sizeof(cls)), said.get(f"size {struct}"))
        for name in set(python_fields) & set(header_fields):
            python = getattr(cls, name)
            out.expect(
                f"{struct}.{name} (offset size)",
                f"{python.offset} {python.size}",
                said.get(f"field {struct} {name}"),
            )


def compare_enums(abi: object, names: HeaderNames, said: dict[str, str], out: Differences) -> None:
    out.expect("the enums", sorted(abi.ALL_ENUMS), sorted(names.enums))
    for enum, (codes, prefix) in abi.ALL_ENUMS.items():
        out.expect(f"sizeof({enum})", str(ctypes.sizeof(ctypes.c_int)), said.get(f"size {enum}"))
        python_constants = [prefix + member.name for member in codes]
        out.expect(f"the constants of {enum}", python_constants, names.enums.get(enum, []))
        for member in codes:
            c_name = prefix + member.name
            if f"value {c_name}" in said:
                out.expect(c_name, str(member.value), said[f"value {c_name}"])


def compare_macros(abi: object, said: dict[str, str], out: Differences) -> None:
    out.expect("CNX_ABI_MAJOR", str(abi.ABI_MAJOR), said.get("macro CNX_ABI_MAJOR"))
    out.expect("CNX_ABI_MINOR", str(abi.ABI_MINOR), said.get("macro CNX_ABI_MINOR"))
    out.expect("CNX_ENTRY_SYMBOL", abi.ENTRY_SYMBOL, said.get("macro CNX_ENTRY_SYMBOL"))


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage:\n{__doc__.split(chr(10) * 2)[1]}", file=sys.stderr)
        return 2
    cc, include_dir, example_dir = argv[0], Path(argv[1]), argv[2]
    sys.path.insert(0, example_dir)
    import connector_abi as abi  # the declarations under test

    names = read_header((include_dir / HEADER).read_text())
    if not names.structs or not names.enums:
        print(f"FAILED {include_dir / HEADER}: no typedef struct or enum found", file=sys.stderr)
        return 1
    try:
        said = compiler_says(cc, include_dir, c_program(names))
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"FAILED the C program written from the header does not build or run: {e}",
              file=sys.stderr)
        return 1
    differences = Differences()
    compare_macros(abi, said, differences)
    compare_structs(abi, names, said, differences)
    compare_enums(abi, names, said, differences)
    for difference in differences:
        print(f"FAILED {difference}", file=sys.stderr)
    fields = sum(len(f) for f in names.structs.values())
    print(f"{len(names.structs)} structs, {fields} fields, {len(names.enums)} enums compared")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
