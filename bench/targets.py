"""The images part's derived figures and the target rows every part reports."""

from __future__ import annotations

from typing import Any

from tools import _fmt, _round



def images_derived(n: int, floor: dict[str, float], med: dict[str, float | None], cpu: dict[str, float | None],
                   cores: int, least: float, sizes: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The images part's numbers beside the physical floor (CPU time of one image in one process)."""
    dacu_cpu = cpu["dacu"] * 1000 / n if cpu.get("dacu") else None
    return {
        "floor_ms_per_image": _round(floor["total"] * 1000, 1),
        "floor_decode_ms": _round(floor["decode"] * 1000, 1),
        "floor_variants_ms": _round(floor["variants"] * 1000, 1),
        "least_wall_s": _round(least),
        "dacu_wall_over_floor": _round(med["dacu"] / least, 2) if med.get("dacu") else None,
        "dacu_cpu_ms_per_image": _round(dacu_cpu, 1),
        "dacu_cpu_over_floor": _round(dacu_cpu / (floor["total"] * 1000), 2) if dacu_cpu else None,
        "eleventy_img_cpu_ms_per_image": _round(cpu["eleventy-img"] * 1000 / n, 1) if cpu.get("eleventy-img") else None,
        "dacu_vs_hugo": _round(med["dacu"] / med["hugo"], 2) if med.get("dacu") and med.get("hugo") else None,
        "output_kb": {k: {ext: round(b / 1024) for ext, b in v.items()} for k, v in sizes.items() if v},
    }


def images_notes(n: int, d: dict[str, Any], med: dict[str, float | None], cores: int) -> list[str]:
    return [
        f"Physical floor: {d['floor_ms_per_image']} ms of CPU for one image in one process (decode "
        f"{d['floor_decode_ms']} ms, two resizes and four encodes {d['floor_variants_ms']} ms), so {n} images "
        f"on {cores} cores cannot take less than {_fmt(d['least_wall_s'])} s. dacu's whole build used "
        f"{d['dacu_cpu_ms_per_image']} ms of CPU per image = {d['dacu_cpu_over_floor']}× the floor (hashing, "
        f"checks, pages and start-up included); its wall time {_fmt(med.get('dacu'))} s was "
        f"{d['dacu_wall_over_floor']}× the least, the rest being the time other processes held the cores. "
        f"Eleventy Image used {d['eleventy_img_cpu_ms_per_image']} ms of CPU per image (libvips threads included).",
        f"dacu / Hugo: {d['dacu_vs_hugo']}× (no target). Output sizes (KB, all files): "
        + "; ".join(f"{k} {v}" for k, v in d["output_kb"].items()) + ".",
    ]


def _ratio_target(name: str, value: float | None, reference: float | None, limit: float) -> dict[str, Any]:
    ratio = value / reference if value is not None and reference else None
    return {"name": name, "kind": "ratio", "value": _round(ratio), "limit": limit,
            "pass": None if ratio is None else ratio <= limit,
            "over_by": None if ratio is None else _round(ratio / limit, 2)}


def _abs_target(name: str, value: float | None, limit: float, unit: str) -> dict[str, Any]:
    return {"name": name, "kind": unit, "value": _round(value), "limit": limit,
            "pass": None if value is None else value <= limit,
            "over_by": None if value is None else _round(value / limit, 2)}


# -- main ---------------------------------------------------------------------------
