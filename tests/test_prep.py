"""Page preparation on generated pages: skew, orientation, perspective, light."""

from __future__ import annotations

import numpy as np
import pytest
import synth

from pindai.ocr import _prep


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return np.asarray(synth.render_page(synth.TEXTS["berita_acara_rekapitulasi"]))


@pytest.mark.parametrize("angle", [-20.0, -13.5, -8.2, -2.0, 0.7, 6.3, 11.0, 19.5, 33.0, -41.0])
def test_skew_is_found_to_a_tenth_of_a_degree(page: np.ndarray, angle: float) -> None:
    tilted = _prep.rotate(page, angle, fill=235)
    found = _prep.estimate_skew(tilted, 300).angle
    assert found == pytest.approx(-angle, abs=0.15)


@pytest.mark.parametrize("quarter", [90, 180, 270])
def test_pages_turned_by_quarter_turns_come_back_upright(page: np.ndarray, quarter: int) -> None:
    turned = _prep.rotate(page, quarter + 3.0)  # plus a little skew, as in life
    fixed = _prep.rotate(turned, _prep.estimate_skew(turned, 300).angle)
    ud = _prep.estimate_updown(fixed, 300)
    if ud.flipped:
        fixed = _prep.rotate(fixed, 180)
    assert ud.sure
    # Upright again: the same text lines as the original, not mirrored ones.
    assert _prep.estimate_updown(fixed, 300).score > 0.2


def test_upright_text_is_not_flipped(page: np.ndarray) -> None:
    ud = _prep.estimate_updown(page, 300)
    assert ud.sure and not ud.flipped


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sheet_is_found_in_a_phone_photo(page: np.ndarray, seed: int) -> None:
    photo = np.asarray(synth.phone_photo(synth.render_page(synth.TEXTS["surat_edaran"]), seed=seed))
    quad = _prep.find_page_quad(photo)
    assert quad is not None
    flat = _prep.warp_page(photo, quad)
    h, w = flat.shape[:2]
    assert h / w == pytest.approx(297 / 210, rel=0.01)  # an A4 sheet again


def test_flatbed_scan_has_no_sheet_to_unwarp(page: np.ndarray) -> None:
    assert _prep.find_page_quad(page) is None


def test_uneven_light_is_flattened() -> None:
    img = synth.uneven_light(synth.render_page(synth.TEXTS["nota_dinas"]), strength=0.45, seed=4)
    gray = np.asarray(img)
    before = _paper_spread(gray)
    after = _paper_spread(_prep.clean(gray))
    assert before > 40
    assert after < 8


def _paper_spread(gray: np.ndarray) -> float:
    """Spread between the brightest and darkest corner's paper colour."""
    h, w = gray.shape
    corners = [gray[:h // 6, :w // 6], gray[:h // 6, -w // 6:], gray[-h // 6:, :w // 6], gray[-h // 6:, -w // 6:]]
    levels = [float(np.percentile(c, 90)) for c in corners]
    return max(levels) - min(levels)


def test_grey_scans_saved_as_rgb_are_not_kept_in_colour(page: np.ndarray) -> None:
    rgb = np.dstack([page] * 3)
    assert not _prep.is_colourful(rgb)
    stamped = rgb.copy()
    stamped[200:600, 200:600] = (40, 60, 200)  # a blue office stamp
    assert _prep.is_colourful(stamped)
