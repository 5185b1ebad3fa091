//! The one painter of symbology swatches: the point markers, area swatches and line
//! samples that the map's legend, the map's plan symbols and the panels draw, from the
//! plain data of [`crate::symbology`]. Also the exact conversion of its colours to egui's.

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, Vec2, vec2};

use crate::symbology::{LegendSymbol, Marker, Rgba8};

/// Both are premultiplied sRGBA: the conversion is exact.
impl From<Rgba8> for Color32 {
    fn from(c: Rgba8) -> Color32 {
        Color32::from_rgba_premultiplied(c.r, c.g, c.b, c.a)
    }
}

/// A colour swatch and its text (a layer's category colours).
pub fn colour_swatch_ui(ui: &mut egui::Ui, colour: Rgba8, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 3.0;
        let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect.shrink(1.0), 2.0, Color32::from(colour));
        ui.label(egui::RichText::new(text).small());
    });
}

/// The size a legend symbol takes in a panel.
pub const SYMBOL_SIZE: egui::Vec2 = vec2(24.0, 16.0);

/// A legend symbol in a [`SYMBOL_SIZE`] cell of `ui` (the layers panel's swatches).
pub fn symbol_ui(ui: &mut egui::Ui, symbol: &LegendSymbol) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(SYMBOL_SIZE, egui::Sense::hover());
    paint_legend_symbol(ui.painter(), rect.center(), symbol);
    response
}

/// Paints a point symbol. `hollow`: only the district is known.
pub fn paint_marker(painter: &Painter, at: Pos2, marker: Marker, color: Color32, radius: f32, hollow: bool) {
    let (fill, stroke) = if hollow {
        (
            Color32::WHITE.gamma_multiply(color.a() as f32 / 255.0),
            Stroke::new(2.0, color),
        )
    } else {
        (
            color,
            Stroke::new(1.2, Color32::WHITE.gamma_multiply(color.a() as f32 / 255.0)),
        )
    };
    match marker {
        Marker::Circle => {
            painter.circle(at, radius, fill, stroke);
        }
        Marker::Square => {
            painter.rect(
                Rect::from_center_size(at, Vec2::splat(radius * 1.7)),
                1.0,
                fill,
                stroke,
                egui::StrokeKind::Middle,
            );
        }
        Marker::Diamond => {
            let r = radius * 1.2;
            painter.add(Shape::convex_polygon(
                vec![
                    at + vec2(0.0, -r),
                    at + vec2(r, 0.0),
                    at + vec2(0.0, r),
                    at + vec2(-r, 0.0),
                ],
                fill,
                stroke,
            ));
        }
        Marker::Triangle => {
            let r = radius * 1.25;
            painter.add(Shape::convex_polygon(
                vec![
                    at + vec2(0.0, -r),
                    at + vec2(r * 0.87, r * 0.5),
                    at + vec2(-r * 0.87, r * 0.5),
                ],
                fill,
                stroke,
            ));
        }
    }
}

/// Paints a legend symbol centred at `at`.
pub fn paint_legend_symbol(painter: &Painter, at: Pos2, symbol: &LegendSymbol) {
    match symbol {
        LegendSymbol::Marker { marker, color, hollow } => {
            paint_marker(painter, at, *marker, Color32::from(*color), 5.0, *hollow);
        }
        LegendSymbol::Area { color, fill } => {
            let swatch = Rect::from_center_size(at, vec2(20.0, 12.0));
            let color = Color32::from(*color);
            painter.rect_filled(swatch, 0.0, color.gamma_multiply(fill.max(0.0)));
            painter.rect_stroke(swatch, 0.0, Stroke::new(1.8, color), egui::StrokeKind::Inside);
        }
        LegendSymbol::Line { color } => {
            let (a, b) = (at - vec2(10.0, 0.0), at + vec2(10.0, 0.0));
            painter.line_segment([a, b], Stroke::new(4.0, Color32::WHITE));
            painter.line_segment([a, b], Stroke::new(2.2, Color32::from(*color)));
        }
    }
}
