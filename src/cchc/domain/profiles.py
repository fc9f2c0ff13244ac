"""Column profiles of imported tables: which header spellings mean which field — data, one format, one loader.

A profile file (``src/cchc/domain/data/*_profiles.toml``, or a profile a user saved for one source) is::

    [profiles.<name>]
    description = "…"            # optional
    order = 1                    # optional: profiles are tried in this order (else the file's order)
    kind = "catalogue"           # optional: what the table holds, where a family has several kinds
    ignored = ["Ghi chú"]        # optional: columns a person chose not to use (listed, never asked again)

    [profiles.<name>.fields.<field>]
    aliases = ["Mã hồ sơ", "MaHoSo"]   # header spellings, compared after cchc.domain.text.fold
    same_as = "<profile>.<field>"      # instead of (or besides) aliases: that field's spellings
    type = "text"                      # one of the family's types
    required = true                    # a file without this column is refused

Each family (dossiers, procedure tables) says which types and fields it knows (:class:`Family`); a
file breaking the format is refused with a :class:`ProfileError` naming the file, profile, field and key.
:func:`dump` writes a profile back in the same format (profiles saved from the import preview).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

from cchc.domain.errors import UserError
from cchc.domain.text import fold

__all__ = ["Family", "FieldRule", "Profile", "ProfileError", "dump", "load", "load_data"]

PROFILE_KEYS = frozenset({"description", "order", "kind", "fields", "ignored"})
FIELD_KEYS = frozenset({"aliases", "same_as", "type", "required"})


class ProfileError(UserError):
    """A profile file that breaks the format; the message names the file, profile, field and key."""


@dataclass(frozen=True, slots=True)
class FieldRule:
    aliases: tuple[str, ...]  # as written (CamelCase kept); :attr:`Profile.aliases` holds them folded
    type: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    fields: Mapping[str, FieldRule]
    kind: str = ""
    order: int = 0
    description: str = ""
    ignored: tuple[str, ...] = ()  # columns deliberately not used, as written
    aliases: dict[str, tuple[str, ...]] = field(init=False, compare=False)  # field → folded spellings
    required: tuple[str, ...] = field(init=False, compare=False)
    types: dict[str, str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        folded = {f: tuple(dict.fromkeys(fold(a) for a in r.aliases)) for f, r in self.fields.items()}
        object.__setattr__(self, "aliases", folded)
        object.__setattr__(self, "required", tuple(f for f, r in self.fields.items() if r.required))
        object.__setattr__(self, "types", {f: r.type for f, r in self.fields.items()})

    def lookup(self) -> dict[str, str]:
        """Folded header → field (the first field naming a spelling keeps it)."""
        result: dict[str, str] = {}
        for name, spellings in self.aliases.items():
            for spelling in spellings:
                result.setdefault(spelling, name)
        return result


@dataclass(frozen=True, slots=True)
class Family:
    """What the profiles of one kind of table may say."""

    label: str  # Vietnamese, in messages: "hồ sơ", "bảng thủ tục"
    types: tuple[str, ...]
    # field → (type, required) where the family has a fixed record (dossiers); None: any field name
    schema: Mapping[str, tuple[str, bool]] | None = None
    needs: tuple[str, ...] = ()  # profile keys every profile must give ("order", "kind")


def _fail(origin: str, where: str, text: str) -> ProfileError:
    return ProfileError(f"Tệp mẫu cột {origin}, {where}: {text}")


def load(text: str, family: Family, *, origin: str = "(văn bản)") -> tuple[Profile, ...]:
    """The profiles of one profile file, in their ``order`` (then the file's); refused with a
    :class:`ProfileError` saying exactly which profile, field and key is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:  # its own words are English: not shown
        raise ProfileError(f"Tệp mẫu cột {origin} không đúng cú pháp TOML.") from None
    raw = data.get("profiles")
    if not isinstance(raw, dict) or not raw:
        raise ProfileError(f"Tệp mẫu cột {origin} không có mẫu nào (cần các bảng [profiles.<tên>]).")
    for name, body in raw.items():
        _check_profile(origin, name, body, family)

    def spellings(profile: str, name: str, seen: tuple[str, ...] = ()) -> tuple[str, ...]:
        spec = raw[profile]["fields"][name]
        where = f"mẫu “{profile}”, trường “{name}”"
        own = tuple(spec.get("aliases", ()))
        if "same_as" not in spec:
            return own
        target = spec["same_as"]
        other, _, other_field = target.partition(".")
        if other not in raw or other_field not in raw[other].get("fields", {}):
            raise _fail(origin, where, f"khóa “same_as” trỏ tới “{target}” không có trong tệp.")
        if target in seen:
            raise _fail(origin, where, f"khóa “same_as” tạo vòng lặp qua “{target}”.")
        return own + spellings(other, other_field, (*seen, target))

    profiles = []
    for position, (name, body) in enumerate(raw.items()):
        rules = {
            f: FieldRule(spellings(name, f), spec["type"], bool(spec.get("required", False)))
            for f, spec in body["fields"].items()
        }
        profiles.append(
            Profile(
                name=name,
                fields=rules,
                kind=str(body.get("kind", "")),
                order=int(body.get("order", position)),
                description=str(body.get("description", "")),
                ignored=tuple(body.get("ignored", ())),
            )
        )
    return tuple(sorted(profiles, key=lambda p: p.order))


def _check_profile(origin: str, name: str, body: object, family: Family) -> None:
    where = f"mẫu “{name}”"
    if not isinstance(body, dict):
        raise _fail(origin, where, "cần một bảng [profiles.<tên>].")
    for key in body:
        if key not in PROFILE_KEYS:
            raise _fail(
                origin, where, f"khóa “{key}” không dùng được (chỉ {', '.join(sorted(PROFILE_KEYS))})."
            )
    for key in family.needs:
        if key not in body:
            raise _fail(origin, where, f"thiếu khóa “{key}”.")
    if "order" in body and not isinstance(body["order"], int):
        raise _fail(origin, where, "khóa “order” phải là số nguyên.")
    for key in ("kind", "description"):
        if key in body and not isinstance(body[key], str):
            raise _fail(origin, where, f"khóa “{key}” phải là chuỗi.")
    ignored = body.get("ignored", [])
    if not isinstance(ignored, list) or not all(isinstance(h, str) and fold(h) for h in ignored):
        raise _fail(origin, where, "khóa “ignored” phải là danh sách tên cột không rỗng.")
    fields = body.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise _fail(origin, where, "không có trường nào (cần [profiles.<tên>.fields.<trường>]).")
    for field_name, spec in fields.items():
        _check_field(origin, f"{where}, trường “{field_name}”", field_name, spec, family)


def _check_field(origin: str, where: str, name: str, spec: object, family: Family) -> None:
    if not isinstance(spec, dict):
        raise _fail(origin, where, "cần một bảng với aliases, type, required.")
    for key in spec:
        if key not in FIELD_KEYS:
            raise _fail(origin, where, f"khóa “{key}” không dùng được (chỉ {', '.join(sorted(FIELD_KEYS))}).")
    if family.schema is not None and name not in family.schema:
        raise _fail(
            origin, where, f"không phải trường {family.label} (các trường: {', '.join(family.schema)})."
        )
    aliases = spec.get("aliases")
    if aliases is None and "same_as" not in spec:
        raise _fail(origin, where, "thiếu khóa “aliases” (hoặc “same_as”).")
    if aliases is not None and (
        not isinstance(aliases, list) or not all(isinstance(a, str) and fold(a) for a in aliases)
    ):
        raise _fail(origin, where, "khóa “aliases” phải là danh sách tên cột không rỗng.")
    if "same_as" in spec and not isinstance(spec["same_as"], str):
        raise _fail(origin, where, "khóa “same_as” phải có dạng “<mẫu>.<trường>”.")
    if "type" not in spec:
        raise _fail(origin, where, f"thiếu khóa “type” ({', '.join(family.types)}).")
    kind = spec["type"]
    if kind not in family.types:
        raise _fail(origin, where, f"khóa “type” = “{kind}” không thuộc {', '.join(family.types)}.")
    required = spec.get("required", False)
    if not isinstance(required, bool):
        raise _fail(origin, where, "khóa “required” phải là true hoặc false.")
    if family.schema is not None:
        want_type, want_required = family.schema[name]
        if kind != want_type:
            raise _fail(
                origin,
                where,
                f"khóa “type” phải là “{want_type}” (trường {family.label} này luôn là {want_type}).",
            )
        if required != want_required:
            raise _fail(
                origin,
                where,
                f"khóa “required” phải là {str(want_required).lower()} với trường {family.label} này.",
            )


def load_data(filename: str, family: Family) -> tuple[Profile, ...]:
    """The profiles of ``src/cchc/domain/data/<filename>``."""
    text = resources.files("cchc.domain.data").joinpath(filename).read_text(encoding="utf-8")
    return load(text, family, origin=filename)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dump(profiles: Sequence[Profile]) -> str:
    """Profiles as profile-file text (the format :func:`load` reads), spellings as written."""
    lines: list[str] = []
    for profile in profiles:
        key = _quote(profile.name)
        lines.append(f"[profiles.{key}]")
        if profile.description:
            lines.append(f"description = {_quote(profile.description)}")
        if profile.kind:
            lines.append(f"kind = {_quote(profile.kind)}")
        lines.append(f"order = {profile.order}")
        if profile.ignored:
            lines.append("ignored = [" + ", ".join(_quote(h) for h in profile.ignored) + "]")
        for name, rule in profile.fields.items():
            lines += [
                "",
                f"[profiles.{key}.fields.{name}]",
                "aliases = [" + ", ".join(_quote(a) for a in rule.aliases) + "]",
                f"type = {_quote(rule.type)}",
                f"required = {'true' if rule.required else 'false'}",
            ]
        lines.append("")
    return "\n".join(lines)
