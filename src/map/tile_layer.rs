//! The optional tile layer: walkers tiles built from a [`TileSourceSetting`], with the
//! activity tracking behind the status bar's “loading / not responding”.
//!
//! A [`TileLayer`] is built once when the setting changes (it owns walkers' fetch
//! thread and HTTP client) and kept by the app; fetching is asynchronous, so
//! [`Tiles::at`] never waits for the network or the disk.

use std::path::PathBuf;
use std::sync::Once;
use std::time::{Duration, Instant};

use egui::{Rect, Vec2};
use walkers::sources::{Attribution, TileSource};
use walkers::{HeaderValue, HttpOptions, HttpTiles, PmTiles, Stats, Style, TileId, TilePiece, Tiles};

use crate::coords::CoordinateSystem;
use crate::tile_source::{
    STALL_AFTER, TileActivity, TileSourceError, TileSourceSetting, TileStatus, TileTemplate, tile_cache_dir,
};

/// The User-Agent sent to tile servers (OpenStreetMap's policy asks for one that names
/// the application).
pub const USER_AGENT: &str = concat!("dalian-atlas/", env!("CARGO_PKG_VERSION"));

/// Raster tiles are 256 px; PMTiles files are read at that size too.
const RASTER_TILE_SIZE: u32 = 256;

/// How a [`TileLayer`] is built.
#[derive(Clone, Debug)]
pub struct TileLayerOptions {
    /// The on-disk HTTP cache for online sources (`None`: no disk cache).
    pub cache_dir: Option<PathBuf>,
    /// After how long with tiles wanted and none arriving the source is reported as
    /// not responding.
    pub stall_after: Duration,
}

impl Default for TileLayerOptions {
    /// The user's cache folder ([`tile_cache_dir`]) and [`STALL_AFTER`].
    fn default() -> Self {
        TileLayerOptions {
            cache_dir: tile_cache_dir(),
            stall_after: STALL_AFTER,
        }
    }
}

/// Installs ring as rustls' process-wide crypto provider, once. walkers' reqwest is
/// built with `rustls-no-provider` and panics when it builds a client without one;
/// [`TileLayer::build`] calls this first. An already installed provider is kept.
pub fn install_tls_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // An error means another provider is installed already, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// An XYZ template as a walkers tile source. The attribution is drawn by the atlas
/// itself (walkers wants a `'static` text), so walkers gets an empty one.
struct TemplateSource {
    template: TileTemplate,
    max_zoom: u8,
}

impl TileSource for TemplateSource {
    fn tile_url(&self, tile_id: TileId) -> String {
        self.template.url(tile_id.zoom, tile_id.x, tile_id.y)
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn max_zoom(&self) -> u8 {
        self.max_zoom
    }
}

/// walkers tiles of the chosen source, plus what the atlas needs around them.
pub struct TileLayer {
    inner: Box<dyn Tiles>,
    attribution: String,
    coordinate_system: CoordinateSystem,
    /// Deeper tiles are cut from this zoom's (a PMTiles file ends at its max zoom).
    max_zoom: u8,
    activity: TileActivity,
    /// A local file: a tile it lacks (outside its extent) is simply absent, not late.
    local: bool,
}

impl TileLayer {
    /// The tiles for `setting`, or `None` for [`TileSourceSetting::None`]. Checks the
    /// template, or reads the 127-byte header of a PMTiles file; starts walkers' fetch
    /// thread but fetches nothing until the map asks for tiles. `ctx` is repainted as
    /// tiles arrive.
    pub fn build(
        setting: &TileSourceSetting,
        options: &TileLayerOptions,
        ctx: &egui::Context,
    ) -> Result<Option<TileLayer>, TileSourceError> {
        let activity = TileActivity::new(options.stall_after);
        if let TileSourceSetting::PmTiles { path } = setting {
            let info = crate::io::tiles::read_pmtiles_info(path)?;
            let name = path
                .file_name()
                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            // `Style` is a unit struct without walkers' `vector` feature, a real style with it.
            #[allow(clippy::default_constructed_unit_structs)]
            let style = Style::default();
            let tiles = PmTiles::with_style_and_tile_size(path, style, RASTER_TILE_SIZE, ctx.clone());
            return Ok(Some(TileLayer {
                inner: Box::new(tiles),
                attribution: format!("PMTiles {name}"),
                coordinate_system: CoordinateSystem::Wgs84,
                max_zoom: info.max_zoom,
                activity,
                local: true,
            }));
        }
        let Some(source) = setting.http_source()? else {
            return Ok(None);
        };
        install_tls_provider();
        let http_options = HttpOptions {
            cache: options.cache_dir.clone(),
            user_agent: Some(HeaderValue::from_static(USER_AGENT)),
            ..HttpOptions::default()
        };
        let tiles = HttpTiles::with_options(
            TemplateSource {
                template: source.template,
                max_zoom: source.max_zoom,
            },
            http_options,
            ctx.clone(),
        );
        Ok(Some(TileLayer {
            inner: Box::new(tiles),
            attribution: source.attribution,
            coordinate_system: source.coordinate_system,
            max_zoom: source.max_zoom,
            activity,
            local: false,
        }))
    }

    /// The source's attribution line (empty if the user gave none for a custom template).
    pub fn attribution_text(&self) -> &str {
        &self.attribution
    }

    /// The datum of the tiles' pixels; overlays are drawn in it.
    pub fn coordinate_system(&self) -> CoordinateSystem {
        self.coordinate_system
    }

    /// Loading / not responding / idle, at `now`.
    pub fn status(&self, now: Instant) -> TileStatus {
        let in_progress = self.inner.stats().in_progress;
        if self.local {
            // A view past a local file's extent asks for tiles that never come; that is
            // not a stall.
            return if in_progress > 0 {
                TileStatus::Loading(in_progress)
            } else {
                TileStatus::Idle
            };
        }
        self.activity.status(in_progress, now)
    }

    /// Whether tiles are wanted that have not arrived yet.
    pub fn waiting(&self) -> bool {
        if self.local {
            return self.inner.stats().in_progress > 0;
        }
        self.activity.waiting()
    }
}

impl Tiles for TileLayer {
    /// Never blocks: a tile not in memory yet is requested and `None` returned. Beyond
    /// the source's max zoom the tile is cut from its ancestor at max zoom.
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        let piece = if tile_id.zoom > self.max_zoom {
            let d = u32::from(tile_id.zoom - self.max_zoom);
            let n = 1u32.checked_shl(d)?;
            let parent = TileId {
                x: tile_id.x >> d,
                y: tile_id.y >> d,
                zoom: self.max_zoom,
            };
            self.inner.at(parent).map(|piece| {
                let size = Vec2::splat(1.0 / n as f32);
                let min = egui::pos2((tile_id.x % n) as f32, (tile_id.y % n) as f32) * (1.0 / n as f32);
                let uv = piece.uv;
                let uv = Rect::from_min_size(uv.min + min.to_vec2() * uv.size(), size * uv.size());
                TilePiece::new(piece.tile, uv)
            })
        } else {
            self.inner.at(tile_id)
        };
        self.activity.record(piece.is_some(), Instant::now());
        piece
    }

    fn attribution(&self) -> Attribution {
        self.inner.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }

    fn stats(&self) -> Stats {
        self.inner.stats()
    }
}
