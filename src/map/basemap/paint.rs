//! The basemap plugin: draws the cached basemap with the plan and user layers and
//! their labels, and reports hover and clicks.

use std::cell::Cell;

use egui::{Color32, FontId, Pos2, Rect, Response, Stroke, Ui, Vec2, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::{
    BasemapCache, BasemapEvents, BasemapTexts, FUNCTIONAL_LINE, SchematicInView, division_at, geometry_shapes,
    schematic_in_view,
};
use crate::basemap::{Basemap, PlaceKind, Precision};
use crate::map::labels::{LabelAnchor, LabelCandidate, paint_labels};
use crate::map::lod::{ScreenFromMercator, lon_lat_from_mercator, mercator_from_lon_lat};
use crate::map::plan::{PlanLayerView, paint_plan_layers, plan_item_at};
use crate::map::user::{UserLayersView, paint_user_layers, user_feature_at, user_feature_tooltip};

/// Draws the basemap. Rebuilt every frame; only projects and paints.
pub struct BasemapPlugin<'a> {
    pub basemap: &'a Basemap,
    pub cache: &'a BasemapCache,
    pub texts: BasemapTexts,
    /// Adcode of the selected division.
    pub selected_division: Option<u32>,
    /// A tile layer lies underneath: leave sea and land to it, keep boundaries and labels.
    pub tiles_underneath: bool,
    /// A per-zone summary coloured over the divisions or functional areas.
    pub zone_fill: Option<&'a super::ZoneFill>,
    /// The plan's layers, drawn over the basemap and under all labels.
    pub plan: Option<PlanLayerView<'a>>,
    /// The project's imported layers, drawn over the plan's and under all labels.
    pub user: Option<UserLayersView<'a>>,
    /// The annotations whose titles are labelled with the map's labels (drawn later, by
    /// the annotation plugin).
    pub annotations: &'a [crate::model::Annotation],
    /// Show hover tooltips (off while drawing: they would cover the sketch).
    pub tooltips: bool,
    pub events: &'a mut BasemapEvents,
    /// Receives [`schematic_in_view`] for plugins that run after this one (the map
    /// furniture's disclaimer); also stored in `events`.
    pub schematic: &'a Cell<SchematicInView>,
    /// The furniture's texts: where its legend goes, which labels and hover keep off.
    pub legend: &'a crate::map::plugin::OverlayTexts,
}

fn name(texts: &BasemapTexts, zh: Option<&str>, en: &str) -> String {
    match (texts.chinese, zh) {
        (true, Some(zh)) => zh.to_string(),
        _ => en.to_string(),
    }
}

impl Plugin for BasemapPlugin<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, response: &Response, projector: &Projector, _memory: &MapMemory) {
        let painter = ui.painter().clone();
        let rect = projector.clip_rect();
        let to_screen = ScreenFromMercator::from_projector(projector);
        let zoom = projector.zoom();
        self.events.to_screen = Some(to_screen);
        let schematic = schematic_in_view(self.basemap, self.cache, self.plan.as_ref(), &to_screen, rect);
        self.events.schematic_in_view = schematic;
        self.schematic.set(schematic);

        painter.extend(geometry_shapes(
            self.basemap,
            self.cache,
            &to_screen,
            rect,
            self.selected_division,
            self.tiles_underneath,
            self.zone_fill,
        ));

        let mut candidates = match &self.plan {
            Some(plan) => paint_plan_layers(&painter, plan, &to_screen, rect),
            None => Vec::new(),
        };
        if let Some(user) = &self.user {
            candidates.extend(paint_user_layers(&painter, user, &to_screen, rect));
        }
        let screen = crate::map::annotations::GeoScreen::new(to_screen, self.cache.display);
        candidates.extend(crate::map::annotations::title_labels(self.annotations, &screen, rect));
        // Places: dots, then every label through the collision-avoiding placer.
        let screen_of = |lon_lat: (f64, f64)| {
            let shifted = self.cache.display.from_wgs84([lon_lat.0, lon_lat.1]);
            to_screen.apply(mercator_from_lon_lat(shifted))
        };
        for (d, cached) in self.basemap.divisions.iter().zip(&self.cache.divisions) {
            if cached.is_none() {
                continue;
            }
            candidates.push(LabelCandidate {
                text: name(&self.texts, Some(&d.name_zh), &d.name_en),
                anchor_in_ui: screen_of(d.label_lon_lat),
                anchor: LabelAnchor::Area,
                priority: 1000.0 + d.area_km2 as f32 / 10.0,
                // The three urban districts are a few pixels wide below zoom 10.
                min_zoom: if d.area_km2 < 100.0 { 10.0 } else { 7.0 },
                font_size: 16.0,
                color: Color32::from_rgb(0x44, 0x3c, 0x36),
            });
        }
        for f in &self.basemap.functional_areas {
            let schematic = if f.precision == Precision::Schematic {
                self.texts.schematic.as_str()
            } else {
                ""
            };
            candidates.push(LabelCandidate {
                text: format!("{}{schematic}", name(&self.texts, Some(&f.name_zh), &f.name_en)),
                anchor_in_ui: screen_of(f.label_lon_lat),
                // Beside its point rather than on it: a functional area's label point
                // can be its division's (金普新区 and 金州区).
                anchor: LabelAnchor::Beside { radius: 14.0 },
                priority: 960.0,
                min_zoom: 9.0,
                font_size: 13.0,
                color: FUNCTIONAL_LINE,
            });
        }
        for p in &self.basemap.places {
            let (min_zoom, priority, radius) = match p.kind {
                PlaceKind::UrbanCentre => (0.0, 1500.0, 4.5),
                PlaceKind::Airport => (9.0, 600.0, 4.0),
                PlaceKind::Town => (
                    if p.population.unwrap_or(0) >= 50_000 { 9.0 } else { 10.5 },
                    100.0 + (p.population.unwrap_or(0) as f32).sqrt() / 10.0,
                    3.0,
                ),
            };
            if zoom < min_zoom {
                continue;
            }
            let at = screen_of(p.lon_lat);
            if !rect.contains(at) {
                continue;
            }
            match p.kind {
                PlaceKind::Airport => {
                    painter.rect_filled(
                        Rect::from_center_size(at, vec2(8.0, 8.0)),
                        1.5,
                        Color32::from(crate::symbology::basemap::AIRPORT_DOT),
                    );
                }
                PlaceKind::UrbanCentre => {
                    painter.circle(
                        at,
                        radius,
                        Color32::from(crate::symbology::basemap::URBAN_CENTRE_DOT),
                        Stroke::new(1.5, Color32::WHITE),
                    );
                }
                PlaceKind::Town => {
                    painter.circle(
                        at,
                        radius,
                        Color32::from(crate::symbology::basemap::TOWN_DOT),
                        Stroke::new(1.0, Color32::WHITE),
                    );
                }
            }
            candidates.push(LabelCandidate {
                text: name(&self.texts, p.name_zh.as_deref(), &p.name_en),
                anchor_in_ui: at,
                anchor: LabelAnchor::Point { radius },
                priority,
                min_zoom,
                font_size: if p.kind == PlaceKind::UrbanCentre { 15.0 } else { 12.5 },
                color: Color32::from_rgb(0x2b, 0x2f, 0x36),
            });
        }
        // Labels, and then hover and click: nothing under the legend (drawn later by the
        // furniture plugin, in the place worked out here the same way) or the window's
        // tools over the map (where they were last frame).
        let legend = crate::map::legend_plate::LegendFootprint::new(&painter, self.legend, rect, &to_screen).plate;
        let covered = ui
            .ctx()
            .data(|d| d.get_temp::<Vec<Rect>>(crate::map::plugin::covered_by_window_id()))
            .unwrap_or_default();
        let blocked: Vec<Rect> = legend.into_iter().chain(covered).filter(|r| r.is_positive()).collect();
        self.events.labels = paint_labels(&painter, &candidates, zoom, rect.shrink(4.0), &blocked);

        let hover_pos = response
            .hover_pos()
            .filter(|pos| !legend.is_some_and(|r| r.contains(*pos)));
        let pointer_lon_lat = hover_pos.map(|pos| {
            let m = to_screen.mercator_of(pos);
            self.cache.display.to_wgs84(lon_lat_from_mercator(m))
        });
        let hovered = pointer_lon_lat.and_then(|p| division_at(self.basemap, p));
        let hovered_user = match (&self.user, hover_pos) {
            (Some(user), Some(pos)) => user_feature_at(user, &to_screen, pos),
            _ => None,
        };
        let hovered_feature = match (&self.plan, hover_pos) {
            (Some(plan), Some(pos)) if hovered_user.is_none() => plan_item_at(plan, &to_screen, pos),
            _ => None,
        };
        self.events.hovered_division = hovered;
        self.events.hovered_feature = hovered_feature;
        self.events.hovered_user_feature = hovered_user;
        if response.clicked() {
            self.events.clicked = Some(hovered);
            self.events.clicked_feature = hovered_feature;
            self.events.clicked_user_feature = hovered_user;
        }
        let tooltip = |text: String, pos: egui::Pos2| {
            let galley = painter.layout(
                text,
                FontId::proportional(13.0),
                Color32::from_rgb(0x22, 0x22, 0x22),
                (rect.width() - 24.0).clamp(120.0, 360.0),
            );
            let size = galley.size() + vec2(10.0, 6.0);
            let plate = Rect::from_min_size(tooltip_pos(pos, size, rect), size);
            painter.rect_filled(plate, 4.0, Color32::from_white_alpha(240));
            painter.rect_stroke(
                plate,
                4.0,
                Stroke::new(1.0, Color32::from_gray(160)),
                egui::StrokeKind::Inside,
            );
            painter.galley(plate.min + vec2(5.0, 3.0), galley, Color32::BLACK);
        };
        if !self.tooltips || response.dragged() {
            return;
        }
        if let (Some((layer, feature)), Some(user), Some(pos)) = (hovered_user, &self.user, hover_pos)
            && !response.dragged()
        {
            tooltip(user_feature_tooltip(user.layers, layer, feature), pos);
        } else if let (Some(k), Some(plan), Some(pos)) = (hovered_feature, &self.plan, hover_pos)
            && !response.dragged()
        {
            tooltip(plan.tooltip(k), pos);
        } else if let (Some(i), Some(pos)) = (hovered, hover_pos)
            && !response.dragged()
        {
            let d = &self.basemap.divisions[i];
            let schematic = if d.precision == Precision::Schematic {
                self.texts.schematic.as_str()
            } else {
                ""
            };
            let text = format!(
                "{} · {}\n{} {:.0} km²{}",
                name(&self.texts, Some(&d.name_zh), &d.name_en),
                d.adcode,
                self.texts.area,
                d.area_km2,
                schematic
            );
            tooltip(text, pos);
        }
    }
}

/// Where a hover plate of `size` for the pointer at `pos` goes: below right of it, flipped
/// to the left or above where it would leave the map `rect`, and never past the map's left
/// or top edge (the side panels would clip it).
pub(super) fn tooltip_pos(pos: Pos2, size: Vec2, rect: Rect) -> Pos2 {
    let mut at = pos + vec2(14.0, 10.0);
    if at.x + size.x > rect.right() - 4.0 {
        at.x = pos.x - size.x - 10.0;
    }
    if at.y + size.y > rect.bottom() - 4.0 {
        at.y = pos.y - size.y - 10.0;
    }
    pos2(at.x.max(rect.left() + 4.0), at.y.max(rect.top() + 4.0))
}
