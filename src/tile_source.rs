//! Optional raster tile sources under the atlas's own basemap: what the user chose
//! (persisted), URL templates, PMTiles file checks, the tile cache folder and the
//! loading / not-responding status. Off by default; the atlas works fully without.
//!
//! Domain code: no egui or walkers here. `crate::map::tile_layer` turns a
//! [`TileSourceSetting`] into walkers tiles.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::coords::CoordinateSystem;

/// OpenStreetMap's standard tile layer.
pub const OSM_TEMPLATE: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// Attribution OpenStreetMap requires.
pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";
/// Tianditu's Web-Mercator WMTS, `{layer}` is `vec` or `img`, `{s}` one of 0–7.
pub const TIANDITU_TEMPLATE: &str = "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}";
/// Attribution Tianditu requires.
pub const TIANDITU_ATTRIBUTION: &str = "天地图 © 国家地理信息公共服务平台";
/// How long tiles may be wanted with none arriving before the source counts as not
/// responding.
pub const STALL_AFTER: Duration = Duration::from_secs(10);

/// Why a tile source cannot be used. Messages are shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TileSourceError {
    #[error("the tile URL template is empty")]
    EmptyTemplate,
    #[error("the tile URL template must start with http:// or https://")]
    NotHttp,
    #[error("the tile URL template lacks the placeholder {0}")]
    MissingPlaceholder(&'static str),
    #[error("the tile URL template has an unknown placeholder {{{0}}} (known: {{z}} {{x}} {{y}} {{s}} {{key}})")]
    UnknownPlaceholder(String),
    #[error("the tile URL template has an unclosed “{{”")]
    UnclosedBrace,
    #[error("this tile source needs a key (tk); enter it first")]
    MissingKey,
    #[error("a custom template cannot use {{key}}: write the key into the URL itself")]
    KeyInCustomTemplate,
    #[error("choose a PMTiles file first")]
    NoFile,
    #[error("cannot read the PMTiles file {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{0} is not a PMTiles v3 file")]
    NotPmTiles(String),
    #[error("{0} holds vector tiles; the atlas draws raster (PNG, JPEG, WebP) PMTiles only")]
    VectorPmTiles(String),
}

/// Tianditu's two base layers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TiandituLayer {
    /// 矢量底图 `vec`.
    #[default]
    Vector,
    /// 影像底图 `img`.
    Imagery,
}

impl TiandituLayer {
    /// The layer code in the WMTS URL.
    pub fn code(self) -> &'static str {
        match self {
            TiandituLayer::Vector => "vec",
            TiandituLayer::Imagery => "img",
        }
    }
}

/// The tile source the user chose. Persisted; [`TileSourceSetting::None`] (the
/// default) draws the atlas's own basemap only and never touches the network.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TileSourceSetting {
    /// No tiles.
    #[default]
    None,
    /// A local raster `.pmtiles` file (offline).
    PmTiles { path: PathBuf },
    /// OpenStreetMap's standard layer (online, WGS-84).
    OpenStreetMap,
    /// Tianditu with the user's key (online, CGCS2000 ≈ WGS-84).
    Tianditu { key: String, layer: TiandituLayer },
    /// Any XYZ template (online). `coordinate_system` is `Gcj02` for Amap-style sources.
    Xyz {
        template: String,
        attribution: String,
        coordinate_system: CoordinateSystem,
        max_zoom: u8,
    },
}

impl TileSourceSetting {
    /// The datum the source's pixels are in (overlays are shifted to it).
    pub fn coordinate_system(&self) -> CoordinateSystem {
        match self {
            TileSourceSetting::Xyz { coordinate_system, .. } => *coordinate_system,
            _ => CoordinateSystem::Wgs84,
        }
    }

    /// Whether the source fetches over the network.
    pub fn is_online(&self) -> bool {
        matches!(
            self,
            TileSourceSetting::OpenStreetMap | TileSourceSetting::Tianditu { .. } | TileSourceSetting::Xyz { .. }
        )
    }

    /// The online source as a checked template, or `None` for no tiles and PMTiles.
    pub fn http_source(&self) -> Result<Option<HttpSource>, TileSourceError> {
        let source = match self {
            TileSourceSetting::None | TileSourceSetting::PmTiles { .. } => return Ok(None),
            TileSourceSetting::OpenStreetMap => HttpSource {
                template: TileTemplate::parse(OSM_TEMPLATE)?,
                attribution: OSM_ATTRIBUTION.to_string(),
                coordinate_system: CoordinateSystem::Wgs84,
                max_zoom: 19,
            },
            TileSourceSetting::Tianditu { key, layer } => HttpSource {
                template: TileTemplate::parse(&TIANDITU_TEMPLATE.replace("{layer}", layer.code()))?.with_key(key)?,
                attribution: TIANDITU_ATTRIBUTION.to_string(),
                coordinate_system: CoordinateSystem::Wgs84,
                max_zoom: 18,
            },
            TileSourceSetting::Xyz {
                template,
                attribution,
                coordinate_system,
                max_zoom,
            } => HttpSource {
                template: {
                    let t = TileTemplate::parse(template)?;
                    // A custom template has no key field: a `{key}` would go out empty.
                    if t.needs_key() {
                        return Err(TileSourceError::KeyInCustomTemplate);
                    }
                    t
                },
                attribution: attribution.trim().to_string(),
                coordinate_system: *coordinate_system,
                max_zoom: (*max_zoom).clamp(1, 22),
            },
        };
        Ok(Some(source))
    }
}

/// The persisted tile settings: the source and how opaque its tiles are drawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TileSettings {
    pub source: TileSourceSetting,
    /// 0 (invisible) … 1 (opaque). Lower values wash the tiles out so the atlas's own
    /// overlays stand out.
    pub opacity: f32,
}

impl Default for TileSettings {
    fn default() -> Self {
        TileSettings {
            source: TileSourceSetting::None,
            opacity: 1.0,
        }
    }
}

/// A checked online source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpSource {
    pub template: TileTemplate,
    pub attribution: String,
    pub coordinate_system: CoordinateSystem,
    pub max_zoom: u8,
}

/// One piece of a URL template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Z,
    X,
    Y,
    S,
    Key,
}

/// A checked XYZ URL template: `{z} {x} {y}` (required), `{s}` (a subdomain, picked
/// per tile from [`TileTemplate::subdomains`]) and `{key}` (an API key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TileTemplate {
    parts: Vec<Part>,
    /// Values of `{s}`: `0`–`7` for Tianditu hosts, else `a b c`.
    pub subdomains: Vec<String>,
    key: String,
}

impl TileTemplate {
    /// Parses and checks a template: it must be http(s), contain `{z}`, `{x}` and
    /// `{y}`, and use no other placeholders than `{s}` and `{key}`.
    pub fn parse(template: &str) -> Result<TileTemplate, TileSourceError> {
        let template = template.trim();
        if template.is_empty() {
            return Err(TileSourceError::EmptyTemplate);
        }
        let lower = template.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(TileSourceError::NotHttp);
        }
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or(TileSourceError::UnclosedBrace)? + open;
            parts.push(match &rest[open + 1..close] {
                "z" => Part::Z,
                "x" => Part::X,
                "y" => Part::Y,
                "s" => Part::S,
                "key" => Part::Key,
                other => return Err(TileSourceError::UnknownPlaceholder(other.to_string())),
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        for (part, name) in [(Part::Z, "{z}"), (Part::X, "{x}"), (Part::Y, "{y}")] {
            if !parts.contains(&part) {
                return Err(TileSourceError::MissingPlaceholder(name));
            }
        }
        let subdomains: Vec<String> = if lower.contains("tianditu") {
            (0..8).map(|s| s.to_string()).collect()
        } else {
            ["a", "b", "c"].map(str::to_string).to_vec()
        };
        Ok(TileTemplate {
            parts,
            subdomains,
            key: String::new(),
        })
    }

    /// The template with `key` for `{key}`; an error if the template needs a key and
    /// `key` is blank.
    pub fn with_key(mut self, key: &str) -> Result<TileTemplate, TileSourceError> {
        let key = key.trim();
        if self.needs_key() && key.is_empty() {
            return Err(TileSourceError::MissingKey);
        }
        self.key = key.to_string();
        Ok(self)
    }

    /// Whether the template has a `{key}` placeholder.
    pub fn needs_key(&self) -> bool {
        self.parts.contains(&Part::Key)
    }

    /// The URL of tile `x`, `y` at zoom `z`.
    pub fn url(&self, z: u8, x: u32, y: u32) -> String {
        let mut url = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => url.push_str(t),
                Part::Z => url.push_str(&z.to_string()),
                Part::X => url.push_str(&x.to_string()),
                Part::Y => url.push_str(&y.to_string()),
                Part::S => {
                    let n = self.subdomains.len().max(1);
                    let k = (x as usize + y as usize) % n;
                    url.push_str(self.subdomains.get(k).map_or("", String::as_str));
                }
                Part::Key => url.push_str(&self.key),
            }
        }
        url
    }
}

/// What the header of a PMTiles file says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmTilesInfo {
    pub min_zoom: u8,
    pub max_zoom: u8,
}

/// Checks the 127-byte PMTiles v3 header: magic, version and a raster tile type.
/// `name` is used in messages.
pub fn parse_pmtiles_header(header: &[u8], name: &str) -> Result<PmTilesInfo, TileSourceError> {
    if header.len() < 127 || &header[..7] != b"PMTiles" || header[7] != 3 {
        return Err(TileSourceError::NotPmTiles(name.to_string()));
    }
    // Tile type: 0 unknown, 1 MVT, 2 PNG, 3 JPEG, 4 WebP, 5 AVIF.
    if header[99] == 1 {
        return Err(TileSourceError::VectorPmTiles(name.to_string()));
    }
    Ok(PmTilesInfo {
        min_zoom: header[100],
        max_zoom: header[101],
    })
}

/// The user's cache folder: `$XDG_CACHE_HOME`, else `~/.cache` (Linux), `%LOCALAPPDATA%`
/// (Windows), `~/Library/Caches` (macOS). `None` if none can be found.
pub fn user_cache_dir() -> Option<PathBuf> {
    let from_env = |name: &str| std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute());
    if cfg!(windows) {
        return from_env("LOCALAPPDATA");
    }
    let home = from_env("HOME");
    if cfg!(target_os = "macos") {
        return home.map(|h| h.join("Library/Caches"));
    }
    from_env("XDG_CACHE_HOME").or_else(|| home.map(|h| h.join(".cache")))
}

/// Where downloaded tiles are cached: `<user cache dir>/dalian-atlas/tiles`.
pub fn tile_cache_dir() -> Option<PathBuf> {
    user_cache_dir().map(|d| d.join("dalian-atlas").join("tiles"))
}

/// What the status bar says about the tile source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TileStatus {
    /// No tile source, or all wanted tiles are shown.
    #[default]
    Idle,
    /// Tiles are being fetched.
    Loading(usize),
    /// Tiles have been wanted for longer than [`STALL_AFTER`] and none arrived.
    NotResponding,
    /// The source could not be set up (bad template, unreadable file).
    Failed(String),
}

/// Tracks whether a tile source delivers: fed by every tile lookup of the map, asked
/// for a [`TileStatus`] once a frame. Times are passed in, so it is testable.
#[derive(Clone, Debug)]
pub struct TileActivity {
    stall_after: Duration,
    /// When a lookup last found a tile.
    last_hit: Option<Instant>,
    /// The first lookup that found nothing since `last_hit` (or since the start).
    waiting_since: Option<Instant>,
}

impl TileActivity {
    /// A tracker that reports [`TileStatus::NotResponding`] after `stall_after`.
    pub fn new(stall_after: Duration) -> Self {
        TileActivity {
            stall_after,
            last_hit: None,
            waiting_since: None,
        }
    }

    /// Records one lookup: `found` is whether a tile (or a stand-in from a lower zoom)
    /// was there to draw.
    pub fn record(&mut self, found: bool, now: Instant) {
        if found {
            self.last_hit = Some(now);
            self.waiting_since = None;
        } else if self.waiting_since.is_none() {
            self.waiting_since = Some(now);
        }
    }

    /// The status at `now`, given how many fetches are under way.
    pub fn status(&self, in_progress: usize, now: Instant) -> TileStatus {
        let stalled = self.waiting_since.is_some_and(|since| {
            let quiet_since = self.last_hit.map_or(since, |hit| hit.max(since));
            now.saturating_duration_since(quiet_since) > self.stall_after
        });
        if stalled {
            TileStatus::NotResponding
        } else if in_progress > 0 {
            TileStatus::Loading(in_progress)
        } else {
            TileStatus::Idle
        }
    }

    /// Whether tiles are wanted that have not arrived (the app keeps repainting now and
    /// then, so a stall is noticed without user input).
    pub fn waiting(&self) -> bool {
        self.waiting_since.is_some()
    }
}

/// Which kind of source the dialog has selected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TileSourceKind {
    #[default]
    None,
    PmTiles,
    OpenStreetMap,
    Tianditu,
    Custom,
}

/// The tile-source dialog's fields while the user edits them; only
/// [`TileDraft::to_setting`] on “apply” turns them into a [`TileSourceSetting`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TileDraft {
    pub kind: TileSourceKind,
    pub pmtiles_path: String,
    pub tianditu_key: String,
    pub tianditu_layer: TiandituLayer,
    pub template: String,
    pub attribution: String,
    pub gcj02: bool,
    pub max_zoom: u8,
}

impl TileDraft {
    /// The dialog's fields for an existing setting (other kinds' fields start empty).
    pub fn from_setting(setting: &TileSourceSetting) -> Self {
        let mut draft = TileDraft {
            max_zoom: 18,
            ..TileDraft::default()
        };
        match setting {
            TileSourceSetting::None => {}
            TileSourceSetting::PmTiles { path } => {
                draft.kind = TileSourceKind::PmTiles;
                draft.pmtiles_path = path.display().to_string();
            }
            TileSourceSetting::OpenStreetMap => draft.kind = TileSourceKind::OpenStreetMap,
            TileSourceSetting::Tianditu { key, layer } => {
                draft.kind = TileSourceKind::Tianditu;
                draft.tianditu_key = key.clone();
                draft.tianditu_layer = *layer;
            }
            TileSourceSetting::Xyz {
                template,
                attribution,
                coordinate_system,
                max_zoom,
            } => {
                draft.kind = TileSourceKind::Custom;
                draft.template = template.clone();
                draft.attribution = attribution.clone();
                draft.gcj02 = *coordinate_system == CoordinateSystem::Gcj02;
                draft.max_zoom = *max_zoom;
            }
        }
        draft
    }

    /// The setting the fields describe, checked (template syntax, key present, file
    /// named). Does not read the PMTiles file; the map does that when it builds tiles.
    pub fn to_setting(&self) -> Result<TileSourceSetting, TileSourceError> {
        let setting = match self.kind {
            TileSourceKind::None => TileSourceSetting::None,
            TileSourceKind::PmTiles => {
                let path = self.pmtiles_path.trim();
                if path.is_empty() {
                    return Err(TileSourceError::NoFile);
                }
                TileSourceSetting::PmTiles {
                    path: PathBuf::from(path),
                }
            }
            TileSourceKind::OpenStreetMap => TileSourceSetting::OpenStreetMap,
            TileSourceKind::Tianditu => TileSourceSetting::Tianditu {
                key: self.tianditu_key.trim().to_string(),
                layer: self.tianditu_layer,
            },
            TileSourceKind::Custom => TileSourceSetting::Xyz {
                template: self.template.trim().to_string(),
                attribution: self.attribution.trim().to_string(),
                coordinate_system: if self.gcj02 {
                    CoordinateSystem::Gcj02
                } else {
                    CoordinateSystem::Wgs84
                },
                max_zoom: self.max_zoom.clamp(1, 22),
            },
        };
        setting.http_source()?;
        Ok(setting)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_osm_template_fills_in_zoom_column_and_row() {
        let t = TileTemplate::parse(OSM_TEMPLATE).expect("valid");
        assert_eq!(t.url(8, 214, 96), "https://tile.openstreetmap.org/8/214/96.png");
        assert!(!t.needs_key());
    }

    #[test]
    fn the_tianditu_preset_uses_subdomains_0_to_7_and_the_key() {
        let setting = TileSourceSetting::Tianditu {
            key: " abc123 ".into(),
            layer: TiandituLayer::Imagery,
        };
        let source = setting.http_source().expect("valid").expect("online");
        let url = source.template.url(8, 214, 96);
        assert_eq!(
            url,
            "https://t6.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX=8&TILEROW=96&TILECOL=214&tk=abc123"
        );
        assert_eq!(source.template.subdomains.len(), 8);
        assert_eq!(source.attribution, TIANDITU_ATTRIBUTION);
    }

    #[test]
    fn tianditu_without_a_key_is_refused_with_a_readable_message() {
        let setting = TileSourceSetting::Tianditu {
            key: "  ".into(),
            layer: TiandituLayer::Vector,
        };
        let err = setting.http_source().expect_err("no key");
        assert_eq!(err, TileSourceError::MissingKey);
        assert!(err.to_string().contains("key"));
    }

    #[test]
    fn templates_without_x_y_or_z_or_not_http_are_refused() {
        assert_eq!(
            TileTemplate::parse("https://a/{z}/{y}.png"),
            Err(TileSourceError::MissingPlaceholder("{x}"))
        );
        assert_eq!(
            TileTemplate::parse("https://a/{z}/{x}.png"),
            Err(TileSourceError::MissingPlaceholder("{y}"))
        );
        assert_eq!(
            TileTemplate::parse("https://a/{x}/{y}.png"),
            Err(TileSourceError::MissingPlaceholder("{z}"))
        );
        assert_eq!(
            TileTemplate::parse("ftp://a/{z}/{x}/{y}"),
            Err(TileSourceError::NotHttp)
        );
        assert_eq!(TileTemplate::parse("  "), Err(TileSourceError::EmptyTemplate));
        assert_eq!(
            TileTemplate::parse("https://a/{z}/{x}/{y}{r}.png"),
            Err(TileSourceError::UnknownPlaceholder("r".into()))
        );
        assert_eq!(
            TileTemplate::parse("https://a/{z}/{x}/{y"),
            Err(TileSourceError::UnclosedBrace)
        );
        assert!(TileSourceError::MissingPlaceholder("{x}").to_string().contains("{x}"));
    }

    #[test]
    fn an_amap_style_template_with_subdomains_is_accepted_and_marked_gcj02() {
        let draft = TileDraft {
            kind: TileSourceKind::Custom,
            template:
                "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
                    .into(),
            attribution: "© 高德".into(),
            gcj02: true,
            max_zoom: 18,
            ..TileDraft::default()
        };
        let setting = draft.to_setting().expect("valid");
        assert_eq!(setting.coordinate_system(), CoordinateSystem::Gcj02);
        assert!(setting.is_online());
        let source = setting.http_source().expect("valid").expect("online");
        assert!(
            source
                .template
                .url(3, 1, 2)
                .starts_with("https://webrd0a.is.autonavi.com/")
        );
        assert_eq!(TileDraft::from_setting(&setting), draft);
    }

    #[test]
    fn the_setting_survives_a_serde_round_trip_and_defaults_to_none() {
        let settings = TileSettings {
            source: TileSourceSetting::Xyz {
                template: "https://x/{z}/{x}/{y}.png".into(),
                attribution: "x".into(),
                coordinate_system: CoordinateSystem::Gcj02,
                max_zoom: 17,
            },
            opacity: 0.6,
        };
        let json = serde_json::to_string(&settings).expect("serialises");
        let back: TileSettings = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, settings);
        let empty: TileSettings = serde_json::from_str("{}").expect("defaults");
        assert_eq!(empty.source, TileSourceSetting::None);
        assert_eq!(empty.opacity, 1.0);
        assert!(!TileSourceSetting::None.is_online());
    }

    #[test]
    fn a_pmtiles_header_is_checked_for_magic_version_and_raster_tiles() {
        let mut header = vec![0u8; 127];
        header[..7].copy_from_slice(b"PMTiles");
        header[7] = 3;
        header[99] = 2;
        header[100] = 0;
        header[101] = 8;
        assert_eq!(
            parse_pmtiles_header(&header, "a.pmtiles"),
            Ok(PmTilesInfo {
                min_zoom: 0,
                max_zoom: 8
            })
        );
        header[99] = 1;
        assert!(matches!(
            parse_pmtiles_header(&header, "a.pmtiles"),
            Err(TileSourceError::VectorPmTiles(_))
        ));
        assert!(matches!(
            parse_pmtiles_header(b"GIF89a", "b.gif"),
            Err(TileSourceError::NotPmTiles(_))
        ));
    }

    #[test]
    fn a_source_that_delivers_nothing_for_ten_seconds_is_not_responding() {
        let t0 = Instant::now();
        let mut activity = TileActivity::new(STALL_AFTER);
        assert_eq!(activity.status(0, t0), TileStatus::Idle);
        activity.record(false, t0);
        assert_eq!(activity.status(3, t0 + Duration::from_secs(2)), TileStatus::Loading(3));
        assert_eq!(
            activity.status(0, t0 + Duration::from_secs(11)),
            TileStatus::NotResponding
        );
        activity.record(true, t0 + Duration::from_secs(12));
        assert_eq!(activity.status(0, t0 + Duration::from_secs(12)), TileStatus::Idle);
        activity.record(false, t0 + Duration::from_secs(13));
        assert_eq!(activity.status(1, t0 + Duration::from_secs(20)), TileStatus::Loading(1));
        assert!(activity.waiting());
    }
}
