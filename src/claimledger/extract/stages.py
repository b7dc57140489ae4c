"""The extraction stages as components, and the order they run in (`extract/stages.toml`).

Each stage is a function over the Doc that reads some of its layers and adds its own. It is
registered with `@stage(name, reads=..., adds=...)`, so the order of the configuration file is
checked before a document is read: a stage that reads a layer no earlier stage adds is a
configuration error naming both, not a wrong claim. A new stage (a statistical model, another
language's reader) is one more function and one more line of the file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimledger.errors import ProfileError
from claimledger.extract.doc import Doc

STAGES_RESOURCE = "stages.toml"


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[Doc], None]
    reads: tuple[str, ...]
    adds: tuple[str, ...]


REGISTRY: dict[str, Stage] = {}


def stage(name: str, *, reads: tuple[str, ...] = (), adds: tuple[str, ...]) -> Callable[[Callable[[Doc], None]],
                                                                                        Callable[[Doc], None]]:
    """Register a function as the stage `name`: it reads the layers `reads` and adds the layers `adds`."""
    def register(run: Callable[[Doc], None]) -> Callable[[Doc], None]:
        REGISTRY[name] = Stage(name, run, reads, adds)
        return run
    return register


def check_order(names: list[str], source: str) -> tuple[Stage, ...]:
    """The stages of `names`, in order, once every one is known and finds the layers it reads already added."""
    added: set[str] = set()
    ordered = []
    for name in names:
        if name not in REGISTRY:
            raise ProfileError(f"{source}: unknown stage {name!r}; the stages are {', '.join(sorted(REGISTRY))}")
        found = REGISTRY[name]
        missing = [layer for layer in found.reads if layer not in added]
        if missing:
            raise ProfileError(f"{source}: stage {name!r} reads {', '.join(missing)}, which no stage before it adds: "
                               f"move it after the stage that adds them")
        added.update(found.adds)
        ordered.append(found)
    return tuple(ordered)


@lru_cache(maxsize=1)
def configured_stages() -> tuple[Stage, ...]:
    """The stages of extract/stages.toml, checked."""
    import claimledger.extract.components  # noqa: F401  (registers the shipped stages)

    source = f"extract/{STAGES_RESOURCE}"
    try:
        data = tomllib.loads((resources.files("claimledger.extract") / STAGES_RESOURCE).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from exc
    names = data.get("stages")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ProfileError(f"{source}: 'stages' must be a non-empty list of stage names")
    return check_order(names, source)


@lru_cache(maxsize=8)
def stages_for(layers: tuple[str, ...]) -> tuple[Stage, ...]:
    """The configured stages that the layers `layers` need, in order: those that add them, and the stages that add
    what those read, and so on; a reader of claims alone does not pay for the allegations."""
    wanted = set(layers)
    needed = []
    for each in reversed(configured_stages()):
        if wanted & set(each.adds):
            needed.append(each)
            wanted |= set(each.reads)
    return tuple(reversed(needed))


def run_stages(doc: Doc, stages: tuple[Stage, ...] | None = None) -> Doc:
    """Run the stages (by default those of extract/stages.toml) over the Doc, in order."""
    for each in stages if stages is not None else configured_stages():
        each.run(doc)
        doc.done.append(each.name)
    return doc
