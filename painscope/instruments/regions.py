"""WPI areas and the five ACR 2016 regions, shared with the diary.

The area codes are the diary's region codes (``painscope.diary.regions.WPI_AREAS``). The
list here is the fallback used if the diary package is unavailable and is pinned equal to the
diary's list by a test. Source: Wolfe F et al., Arthritis Care Res 2010;62:600-610 (19 areas);
Wolfe F et al., Semin Arthritis Rheum 2016;46:319-329 (five regions; jaw, chest and abdomen
count toward the WPI but not toward generalized pain).
"""

from __future__ import annotations

_FALLBACK_AREAS: tuple[str, ...] = (
    "jaw_left", "jaw_right", "shoulder_left", "shoulder_right", "upper_arm_left",
    "upper_arm_right", "lower_arm_left", "lower_arm_right", "hip_left", "hip_right",
    "upper_leg_left", "upper_leg_right", "lower_leg_left", "lower_leg_right",
    "neck", "upper_back", "lower_back", "chest", "abdomen",
)  # fmt: skip

#: Finer diary regions and the WPI area each lies within on the body map (``None``: none).
#: They are not WPI areas and are never counted (issue 14); the area is only a hint.
_FALLBACK_FINE: dict[str, str | None] = {
    "head": None, "hand_left": "lower_arm_left", "hand_right": "lower_arm_right",
    "knee_left": "upper_leg_left", "knee_right": "upper_leg_right",
    "foot_left": "lower_leg_left", "foot_right": "lower_leg_right", "pelvis": None,
}  # fmt: skip

try:  # the diary owns the body map; keep ours only as a fallback
    from painscope.diary.regions import FINE_REGIONS as _DIARY_FINE
    from painscope.diary.regions import WPI_AREAS as _DIARY_AREAS
    from painscope.diary.regions import containing_area as _diary_containing_area

    _FINE = {code: _diary_containing_area(code) for code in _DIARY_FINE}
except ImportError:  # pragma: no cover - diary package absent
    _DIARY_AREAS = _FALLBACK_AREAS
    _FINE = dict(_FALLBACK_FINE)

WPI_AREAS: tuple[str, ...] = tuple(_DIARY_AREAS)
#: The diary's finer region codes (knee, hand, foot, head, pelvis) and the WPI area each lies
#: within (``None``: head, pelvis). Accepted as input, never counted in the WPI.
FINE_WITHIN: dict[str, str | None] = _FINE


def wpi_area_of(code: str) -> str | None:
    """The WPI area a diary region code counts as: itself for one of the 19 WPI areas,
    ``None`` for a finer diary region (knee, hand, foot, head, pelvis), which the published
    index does not count. Raises ``KeyError`` for a code that is not a diary region at all."""
    if code in WPI_AREAS:
        return code
    FINE_WITHIN[code]  # KeyError for an unknown code
    return None

#: Wolfe 2016 Table: region 1 left upper, 2 right upper, 3 left lower, 4 right lower, 5 axial.
AREA_REGION: dict[str, str | None] = {
    "jaw_left": None, "jaw_right": None, "chest": None, "abdomen": None,
    "shoulder_left": "left_upper", "upper_arm_left": "left_upper", "lower_arm_left": "left_upper",
    "shoulder_right": "right_upper", "upper_arm_right": "right_upper", "lower_arm_right": "right_upper",
    "hip_left": "left_lower", "upper_leg_left": "left_lower", "lower_leg_left": "left_lower",
    "hip_right": "right_lower", "upper_leg_right": "right_lower", "lower_leg_right": "right_lower",
    "neck": "axial", "upper_back": "axial", "lower_back": "axial",
}  # fmt: skip

#: Areas counted in the WPI but not toward generalized pain (Wolfe 2016).
NOT_FOR_GENERALIZED = frozenset({"jaw_left", "jaw_right", "chest", "abdomen"})
ACR_REGIONS: tuple[str, ...] = ("left_upper", "right_upper", "left_lower", "right_lower", "axial")
