//! The 示意 disclaimer on the map: drawn only while schematic geometry is in view, and
//! worded for what is — the divisions' text over schematic divisions, the plan areas'
//! text over schematic plan or functional areas alone. `map::map_ui` runs in a kittest
//! harness as the app and the image renderer call it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use dalian_atlas::basemap::{Basemap, Precision, apply_official_boundaries};
use dalian_atlas::catalogue::{Catalogue, FeatureShapes};
use dalian_atlas::coords::CoordinateSystem;
use dalian_atlas::i18n::{Key, Lang, tr};
use dalian_atlas::map::{self, BasemapCache, BasemapEvents, MapLayers, PlanLayerCache, PlanLayerView, SchematicInView};
use dalian_atlas::model::{LayerSetting, default_layers};
use dalian_atlas::theme::install_fonts;
use egui_kittest::Harness;
use walkers::{MapMemory, lon_lat};

/// Everything one map needs, and what its last frame reported.
struct Scene {
    basemap: Basemap,
    cache: BasemapCache,
    catalogue: Catalogue,
    plan_cache: PlanLayerCache,
    layers: Vec<LayerSetting>,
    lang: Lang,
    memory: MapMemory,
    /// Frame the whole municipality (as the app's first frame and “reset view” do).
    fit: bool,
    events: BasemapEvents,
}

impl Scene {
    fn new(basemap: Basemap) -> Scene {
        let catalogue = Catalogue::builtin().expect("the built-in catalogue");
        let shapes = FeatureShapes::new(&catalogue, &basemap);
        Scene {
            cache: BasemapCache::new(&basemap, CoordinateSystem::Wgs84),
            plan_cache: PlanLayerCache::new(&catalogue, &shapes, &basemap, CoordinateSystem::Wgs84),
            basemap,
            catalogue,
            layers: default_layers(),
            lang: Lang::Zh,
            memory: MapMemory::default(),
            fit: true,
            events: BasemapEvents::default(),
        }
    }

    /// The map at `zoom` centred on `[lon, lat]` instead of the whole city.
    fn at(mut self, centre: [f64; 2], zoom: f64) -> Scene {
        self.memory.set_zoom(zoom).expect("a zoom walkers accepts");
        self.memory.center_at(lon_lat(centre[0], centre[1]));
        self.fit = false;
        self
    }

    fn with_layers_hidden(mut self) -> Scene {
        for l in &mut self.layers {
            l.visible = false;
        }
        self
    }

    fn frame(&mut self, ui: &mut egui::Ui) {
        let describe = |_: usize| String::new();
        let schematic = tr(self.lang, Key::SchematicMark);
        let plan = PlanLayerView {
            area_fills: true,
            catalogue: &self.catalogue,
            cache: &self.plan_cache,
            layers: &self.layers,
            selected: None,
            highlighted: &[],
            chinese: self.lang == Lang::Zh,
            schematic,
            describe: &describe,
            status: None,
        };
        let view = MapLayers {
            basemap: &self.basemap,
            cache: &self.cache,
            texts: map::basemap_texts(self.lang),
            overlay: map::overlay_texts(self.lang, Vec::new(), true, true),
            selected_division: None,
            zone_fill: None,
            plan: Some(plan),
            user: None,
            annotations: None,
            tooltips: true,
        };
        self.events = map::map_ui(ui, &mut self.memory, view, self.fit, None, 1.0);
    }
}

/// Runs the map a few frames at 900×700 and returns what its last frame reported.
fn run(scene: Scene) -> BasemapEvents {
    let mut harness = Harness::builder()
        .with_size([900.0, 700.0])
        .with_max_steps(6)
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, scene: &mut Scene| scene.frame(ui), scene);
    harness.run();
    harness.state().events.clone()
}

fn builtin() -> Basemap {
    Basemap::builtin().expect("the built-in basemap")
}

/// The built-in basemap with every division replaced by “official” boundaries (its own
/// geometry, loaded the way 载入官方行政区界线… loads a file): none is schematic any more.
fn official() -> Basemap {
    let mut basemap = builtin();
    let features: Vec<geojson::Feature> = basemap
        .divisions
        .iter()
        .map(|d| {
            let mut properties = geojson::JsonObject::new();
            properties.insert("adcode".into(), d.adcode.into());
            geojson::Feature {
                geometry: Some(geojson::Geometry::new(geojson::GeometryValue::from(&d.geometry))),
                properties: Some(properties),
                ..Default::default()
            }
        })
        .collect();
    let text = geojson::FeatureCollection::new(features).to_string();
    let report = apply_official_boundaries(&mut basemap, &text).expect("the boundaries are accepted");
    assert_eq!(report.matched.len(), 10, "every division is replaced");
    assert!(basemap.divisions.iter().all(|d| d.precision == Precision::Exact));
    basemap
}

/// Open sea south-east of 海洋岛, inside the data box, far from every division.
const OPEN_SEA: [f64; 2] = [123.4, 38.7];

#[test]
fn the_whole_city_shows_the_disclaimer_about_the_schematic_division_boundaries() {
    let events = run(Scene::new(builtin()));
    assert!(events.schematic_in_view.divisions, "{:?}", events.schematic_in_view);
    assert_eq!(
        events.disclaimer_shown.as_deref(),
        Some("示意图：行政区划界线为示意，不作为权属界线依据。")
    );
}

#[test]
fn zooming_into_the_open_sea_with_nothing_schematic_in_view_hides_the_disclaimer() {
    let events = run(Scene::new(builtin()).at(OPEN_SEA, 13.0));
    assert!(events.to_screen.is_some(), "the map was drawn");
    assert_eq!(events.schematic_in_view, SchematicInView::default());
    assert_eq!(events.disclaimer_shown, None);
}

#[test]
fn official_boundaries_with_a_schematic_plan_area_in_view_show_the_plan_area_text() {
    let mut basemap = official();
    // Only the plan's layout zones and parks remain schematic.
    basemap.functional_areas.clear();
    let events = run(Scene::new(basemap));
    assert_eq!(
        events.schematic_in_view,
        SchematicInView {
            divisions: false,
            plan_areas: true
        }
    );
    assert_eq!(
        events.disclaimer_shown.as_deref(),
        Some("示意图：规划区域范围为示意，不作为权属界线依据。")
    );
}

#[test]
fn official_boundaries_with_only_a_functional_area_in_view_show_the_plan_area_text() {
    let events = run(Scene::new(official()).with_layers_hidden());
    assert_eq!(
        events.disclaimer_shown.as_deref(),
        Some(tr(Lang::Zh, Key::DisclaimerPlanAreas))
    );
}

#[test]
fn official_boundaries_alone_show_no_disclaimer() {
    let mut basemap = official();
    basemap.functional_areas.clear();
    let events = run(Scene::new(basemap).with_layers_hidden());
    assert_eq!(events.schematic_in_view, SchematicInView::default());
    assert_eq!(events.disclaimer_shown, None);
}

#[test]
fn plan_layers_faded_to_nothing_do_not_count_as_schematic_geometry_in_view() {
    let mut basemap = official();
    basemap.functional_areas.clear();
    let mut scene = Scene::new(basemap);
    for l in &mut scene.layers {
        l.opacity = 0.0;
    }
    assert!(scene.layers.iter().all(|l| l.visible));
    let events = run(scene);
    assert_eq!(events.disclaimer_shown, None);
}

#[test]
fn schematic_divisions_take_precedence_over_plan_areas_in_the_wording() {
    let events = run(Scene::new(builtin()));
    assert_eq!(
        events.schematic_in_view,
        SchematicInView {
            divisions: true,
            plan_areas: true
        }
    );
    assert_eq!(events.disclaimer_shown.as_deref(), Some(tr(Lang::Zh, Key::Disclaimer)));
}

#[test]
fn in_english_the_plan_area_text_is_english() {
    let mut basemap = official();
    basemap.functional_areas.clear();
    let mut scene = Scene::new(basemap);
    scene.lang = Lang::En;
    let events = run(scene);
    assert_eq!(
        events.disclaimer_shown.as_deref(),
        Some(tr(Lang::En, Key::DisclaimerPlanAreas))
    );
}
