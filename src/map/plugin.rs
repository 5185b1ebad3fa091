//! walkers plugins of the offline basemap. They are rebuilt every frame from state
//! and only project and paint: no parsing, file access or triangulation here.

use egui::{Align2, Color32, FontId, Mesh, Pos2, Rect, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use super::land::LandMesh;

/// Sea colour (the whole map rect is painted with it first).
pub const SEA: Color32 = Color32::from_rgb(0xb9, 0xd3, 0xe6);
/// Land fill.
pub const LAND: Color32 = Color32::from_rgb(0xf1, 0xee, 0xe4);
/// Coastline stroke.
pub const COAST: Color32 = Color32::from_rgb(0x7f, 0x95, 0xa8);

/// Tint of the area outside the data extent.
pub const OUTSIDE: Color32 = Color32::from_rgba_premultiplied(0xd8, 0xd8, 0xd8, 0xd8);

/// Paints the sea over the map rect, then the land mesh and its coastline, then
/// greys out what lies beyond `extent_lon_lat` (the data is clipped to that box, so
/// its straight edges read as the atlas extent, not as coast).
pub struct LandPlugin<'a> {
    pub land: &'a LandMesh,
    /// `([lon_min, lat_min], [lon_max, lat_max])` of the data.
    pub extent_lon_lat: ([f64; 2], [f64; 2]),
}

impl Plugin for LandPlugin<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _response: &Response, projector: &Projector, _memory: &MapMemory) {
        let painter = ui.painter();
        let rect = projector.clip_rect();
        painter.rect_filled(rect, 0.0, SEA);

        let pos_in_ui =
            |lon_lat_deg: [f64; 2]| -> Pos2 { projector.project(lon_lat(lon_lat_deg[0], lon_lat_deg[1])).to_pos2() };
        let mut mesh = Mesh::default();
        mesh.reserve_vertices(self.land.vertices_lon_lat.len());
        for &v in &self.land.vertices_lon_lat {
            mesh.colored_vertex(pos_in_ui(v), LAND);
        }
        mesh.indices.extend_from_slice(&self.land.indices);
        painter.add(Shape::mesh(mesh));

        let stroke = Stroke::new(1.0, COAST);
        for ring in &self.land.rings_lon_lat {
            let points: Vec<Pos2> = ring.iter().map(|&v| pos_in_ui(v)).collect();
            painter.add(Shape::closed_line(points, stroke));
        }

        let ([lon0, lat0], [lon1, lat1]) = self.extent_lon_lat;
        let extent = Rect::from_two_pos(pos_in_ui([lon0, lat0]), pos_in_ui([lon1, lat1]));
        let outside = [
            Rect::from_min_max(rect.min, pos2(rect.max.x, extent.min.y)),
            Rect::from_min_max(pos2(rect.min.x, extent.max.y), rect.max),
            Rect::from_min_max(pos2(rect.min.x, extent.min.y), pos2(extent.min.x, extent.max.y)),
            Rect::from_min_max(pos2(extent.max.x, extent.min.y), pos2(rect.max.x, extent.max.y)),
        ];
        for r in outside {
            let r = r.intersect(rect);
            if r.is_positive() {
                painter.rect_filled(r, 0.0, OUTSIDE);
            }
        }
        painter.rect_stroke(
            extent,
            0.0,
            Stroke::new(1.0, Color32::from_gray(150)),
            egui::StrokeKind::Middle,
        );
    }
}

/// A named point drawn as a dot and a label.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceLabel {
    pub lon: f64,
    pub lat: f64,
    pub text: String,
}

/// Place labels, the scale bar (bottom left) and the attribution line (bottom right).
pub struct OverlayPlugin {
    pub places: Vec<PlaceLabel>,
    /// Attribution text, e.g. “底图 Natural Earth（公有领域）”.
    pub attribution: String,
}

impl Plugin for OverlayPlugin {
    fn run(self: Box<Self>, ui: &mut Ui, _response: &Response, projector: &Projector, _memory: &MapMemory) {
        let painter = ui.painter();
        let rect = projector.clip_rect();
        let text_color = Color32::from_rgb(0x33, 0x3a, 0x44);

        for place in &self.places {
            let pos_in_ui = projector.project(lon_lat(place.lon, place.lat)).to_pos2();
            painter.circle(
                pos_in_ui,
                4.0,
                Color32::from_rgb(0xc0, 0x39, 0x2b),
                Stroke::new(1.5, Color32::WHITE),
            );
            painter.text(
                pos_in_ui + vec2(7.0, 0.0),
                Align2::LEFT_CENTER,
                &place.text,
                FontId::proportional(15.0),
                text_color,
            );
        }

        // Attribution, bottom right, on a translucent plate.
        let font = FontId::proportional(12.0);
        let galley = painter.layout_no_wrap(self.attribution.clone(), font.clone(), text_color);
        let at = rect.right_bottom() - vec2(6.0, 4.0);
        let plate = Rect::from_min_max(at - galley.size() - vec2(6.0, 2.0), at + vec2(2.0, 2.0));
        painter.rect_filled(plate, 3.0, Color32::from_white_alpha(200));
        painter.galley(plate.min + vec2(4.0, 1.0), galley, text_color);

        // Scale bar, bottom left, measured at the map centre.
        let centre = projector.unproject(rect.center().to_vec2());
        let px_per_m = projector.scale_pixel_per_meter(centre);
        if px_per_m.is_finite() && px_per_m > 0.0 {
            let metres = nice_length_m(110.0 / px_per_m);
            let len_px = (metres * px_per_m as f64) as f32;
            let left = pos2(rect.left() + 14.0, rect.bottom() - 14.0);
            let right = left + vec2(len_px, 0.0);
            let label = if metres >= 1000.0 {
                format!("{} km", metres / 1000.0)
            } else {
                format!("{metres} m")
            };
            let plate = Rect::from_min_max(left - vec2(8.0, 24.0), right + vec2(8.0, 6.0));
            painter.rect_filled(plate, 3.0, Color32::from_white_alpha(200));
            let stroke = Stroke::new(2.0, text_color);
            painter.line_segment([left, right], stroke);
            painter.line_segment([left, left - vec2(0.0, 6.0)], stroke);
            painter.line_segment([right, right - vec2(0.0, 6.0)], stroke);
            painter.text(
                pos2((left.x + right.x) / 2.0, left.y - 8.0),
                Align2::CENTER_BOTTOM,
                label,
                FontId::proportional(12.0),
                text_color,
            );
        }
    }
}

/// The largest 1-2-5 × 10^k length not above `max_m` metres (at least 1 m).
pub fn nice_length_m(max_m: f32) -> f64 {
    let max_m = f64::from(max_m).max(1.0);
    let magnitude = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|&l| l <= max_m)
        .unwrap_or(magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_length_m(13_000.0), 10_000.0);
        assert_eq!(nice_length_m(27_000.0), 20_000.0);
        assert_eq!(nice_length_m(60_000.0), 50_000.0);
        assert_eq!(nice_length_m(0.2), 1.0);
    }
}
