//! Which imported feature is under the pointer.

use egui::{Pos2, Rect, Vec2};

use super::index::WHOLE;
use super::{
    CachedFeature, LINE_HIT_PX, MARKER_RADII, MAX_STROKE_WIDTH, POINT_HIT_SLACK_PX, UserLayersView, drawn_layers,
};
use crate::map::lod::ScreenFromMercator;
use crate::map::plan::distance_to_segment;

/// How far from the pointer, in points, a feature can be hit: the largest marker plus
/// its slack, [`LINE_HIT_PX`], half the widest stroke — and one point more, so that
/// rounding never keeps the index from offering a feature the exact test would hit.
fn reach_px() -> f32 {
    let marker = MARKER_RADII.iter().copied().fold(0.0, f32::max) + POINT_HIT_SLACK_PX;
    marker.max(LINE_HIT_PX).max(MAX_STROKE_WIDTH / 2.0) + 1.0
}

/// The (layer index, feature index) of the feature under `pos_in_ui`, among visible
/// layers only: first a point whose marker contains it (marker radius + 2 points), then
/// a line within [`LINE_HIT_PX`] points (or half its width), each on the top layer first
/// and, within a layer, the feature drawn last first; then the smallest area whose fill
/// at this zoom contains it (the top one of equal areas).
///
/// Only the features each layer's [`super::FeatureIndex`] finds within reach of the
/// pointer are tested, so the cost does not grow with the layers' size.
pub fn user_feature_at(
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    pos_in_ui: Pos2,
) -> Option<(usize, usize)> {
    let probe = to_screen.mercator_box(Rect::from_center_size(pos_in_ui, Vec2::splat(2.0 * reach_px())));
    let near: Vec<_> = drawn_layers(view)
        .into_iter()
        .rev()
        .map(|(k, layer, _)| {
            let mut entries = Vec::new();
            layer
                .index
                .for_each_entry_intersecting(&probe, |position, part| entries.push((position, part)));
            // The feature drawn last first; a MultiPoint's points together.
            entries.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            (k, layer, entries)
        })
        .collect();
    let on_top = || {
        near.iter().flat_map(|(k, layer, entries)| {
            entries.chunk_by(|a, b| a.0 == b.0).filter_map(move |same| {
                let f = layer.features.get(same.first()?.0 as usize)?;
                // Only the points the index found near, unless the entry is the whole feature.
                let points = if same.iter().any(|e| e.1 == WHOLE) {
                    NearPoints::All
                } else {
                    NearPoints::Only(same)
                };
                Some((*k, f, points))
            })
        })
    };
    first_hit(on_top, to_screen, pos_in_ui)
}

/// Which points of a feature the pointer may be on.
#[derive(Clone, Copy)]
enum NearPoints<'a> {
    All,
    /// Index entries (position, point index) of the feature's points near the pointer.
    Only(&'a [(u32, u32)]),
}

impl<'p> NearPoints<'p> {
    /// Those of `f`'s points.
    fn of<'f>(self, f: &'f CachedFeature) -> impl Iterator<Item = [f64; 2]> + use<'f, 'p> {
        let (all, only) = match self {
            NearPoints::All => (&f.points[..], &[][..]),
            NearPoints::Only(entries) => (&[][..], entries),
        };
        all.iter()
            .copied()
            .chain(only.iter().filter_map(|e| f.points.get(e.1 as usize).copied()))
    }
}

/// [`user_feature_at`] by testing every feature of every visible layer, without the
/// index: what the index must agree with.
#[cfg(test)]
pub(super) fn user_feature_at_by_scan(
    view: &UserLayersView,
    to_screen: &ScreenFromMercator,
    pos_in_ui: Pos2,
) -> Option<(usize, usize)> {
    let drawn = drawn_layers(view);
    let on_top = || {
        drawn
            .iter()
            .rev()
            .flat_map(|&(k, layer, _)| layer.features.iter().rev().map(move |f| (k, f, NearPoints::All)))
    };
    first_hit(on_top, to_screen, pos_in_ui)
}

/// The rule of [`user_feature_at`] applied to the candidates `on_top` yields (layer index,
/// feature and which of its points to test), top layer first and, within a layer, the
/// feature drawn last first.
fn first_hit<'a, 'p, I>(
    on_top: impl Fn() -> I,
    to_screen: &ScreenFromMercator,
    pos_in_ui: Pos2,
) -> Option<(usize, usize)>
where
    I: Iterator<Item = (usize, &'a CachedFeature, NearPoints<'p>)>,
{
    let point = on_top().find(|(_, f, near)| {
        near.of(f)
            .any(|m| (to_screen.apply(m) - pos_in_ui).length() <= f.style.marker_radius + POINT_HIT_SLACK_PX)
    });
    if let Some((k, f, _)) = point {
        return Some((k, f.index));
    }
    let on_top = || on_top().map(|(k, f, _)| (k, f));
    let line = on_top().find(|(_, f)| {
        if f.lines.is_empty() {
            return false;
        }
        let reach = LINE_HIT_PX.max(f.style.stroke_width / 2.0);
        let probe = to_screen.mercator_box(Rect::from_center_size(pos_in_ui, Vec2::splat(2.0 * reach)));
        f.bbox.intersects(&probe)
            && f.lines.iter().any(|line| {
                line.bbox.intersects(&probe)
                    && line
                        .at_zoom(to_screen.zoom)
                        .segments()
                        .any(|(a, b)| distance_to_segment(pos_in_ui, to_screen.apply(a), to_screen.apply(b)) <= reach)
            })
    });
    if let Some((k, f)) = line {
        return Some((k, f.index));
    }
    let m = to_screen.mercator_of(pos_in_ui);
    on_top()
        .filter(|(_, f)| f.polygon.as_ref().is_some_and(|p| p.fill_contains(to_screen.zoom, m)))
        .min_by(|a, b| a.1.area.total_cmp(&b.1.area))
        .map(|(k, f)| (k, f.index))
}
