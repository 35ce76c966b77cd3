"""Body regions of the diary's body map.

The 19 areas are those of the widespread pain index (WPI) of the ACR fibromyalgia criteria
(Wolfe et al. 2010, Arthritis Care Res 62:600; revised Wolfe et al. 2016, Semin Arthritis
Rheum 46:319). The 2016 revision groups them into five regions for "generalised pain";
jaw, chest and abdomen count toward the WPI but belong to none of the five regions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    view: str  # "front" or "back": where the body map draws it
    acr_region: str | None  # one of the five ACR 2016 regions, or None (jaw, chest, abdomen)
    wpi_area: str | None = None  # for a finer region: the WPI area it belongs to


_WPI: tuple[Region, ...] = (
    Region("jaw_left", "Jaw, left side", "front", None),
    Region("jaw_right", "Jaw, right side", "front", None),
    Region("shoulder_left", "Shoulder, left", "back", "left_upper"),
    Region("shoulder_right", "Shoulder, right", "back", "right_upper"),
    Region("upper_arm_left", "Upper arm, left", "front", "left_upper"),
    Region("upper_arm_right", "Upper arm, right", "front", "right_upper"),
    Region("lower_arm_left", "Lower arm, left", "front", "left_upper"),
    Region("lower_arm_right", "Lower arm, right", "front", "right_upper"),
    Region("hip_left", "Hip or buttock, left", "back", "left_lower"),
    Region("hip_right", "Hip or buttock, right", "back", "right_lower"),
    Region("upper_leg_left", "Upper leg, left", "front", "left_lower"),
    Region("upper_leg_right", "Upper leg, right", "front", "right_lower"),
    Region("lower_leg_left", "Lower leg, left", "front", "left_lower"),
    Region("lower_leg_right", "Lower leg, right", "front", "right_lower"),
    Region("neck", "Neck", "back", "axial"),
    Region("upper_back", "Upper back", "back", "axial"),
    Region("lower_back", "Lower back", "back", "axial"),
    Region("chest", "Chest", "front", None),
    Region("abdomen", "Abdomen (belly)", "front", None),
)

# Finer regions a person may mark; each belongs to a WPI area when one contains it.
_FINE: tuple[Region, ...] = (
    Region("head", "Head", "front", None),
    Region("hand_left", "Hand, left", "front", None, "lower_arm_left"),
    Region("hand_right", "Hand, right", "front", None, "lower_arm_right"),
    Region("knee_left", "Knee, left", "front", None, "upper_leg_left"),
    Region("knee_right", "Knee, right", "front", None, "upper_leg_right"),
    Region("foot_left", "Foot, left", "front", None, "lower_leg_left"),
    Region("foot_right", "Foot, right", "front", None, "lower_leg_right"),
    Region("pelvis", "Pelvis", "front", None),
)
for _r in _FINE:
    if _r.wpi_area is not None:
        object.__setattr__(
            _r, "acr_region", next(w.acr_region for w in _WPI if w.code == _r.wpi_area)
        )

WPI_AREAS: tuple[str, ...] = tuple(r.code for r in _WPI)
FINE_REGIONS: tuple[str, ...] = tuple(r.code for r in _FINE)
REGIONS: dict[str, Region] = {r.code: r for r in (*_WPI, *_FINE)}
ACR_REGIONS: tuple[str, ...] = ("left_upper", "right_upper", "left_lower", "right_lower", "axial")


def wpi_area_of(code: str) -> str | None:
    """The WPI area a region code counts as in the published index: itself for one of the 19
    areas, None for every other code.

    The widespread pain index counts only its own 19 areas (Wolfe 2010, 2016): a finer diary
    region such as a knee or a hand is not one of them and is not counted, even where it lies
    within one (:func:`containing_area`); a person who means the upper leg marks the upper
    leg (issue 14: counting ``knee_left`` as ``upper_leg_left`` changed the published score).
    """
    return code if code in WPI_AREAS else None


def containing_area(code: str) -> str | None:
    """The WPI area a finer region lies within on the body map (``knee_left`` →
    ``upper_leg_left``), itself for a WPI area, None otherwise. For hints, never for scoring."""
    if code in WPI_AREAS:
        return code
    region = REGIONS.get(code)
    return None if region is None else region.wpi_area
