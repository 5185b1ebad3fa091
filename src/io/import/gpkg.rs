//! GeoPackage feature tables: one layer per table listed in `gpkg_contents` with data
//! type `features` and a row in `gpkg_geometry_columns` (aspatial `attributes` tables
//! and tiles are left out), in `gpkg_contents` order.
//!
//! - The database is opened read-only; nothing is written (not even a lock is held
//!   after reading). A database another program is writing to (an exclusive lock) is
//!   refused with a message saying so, after a short wait.
//! - The coordinate system comes from `gpkg_spatial_ref_sys`: an `EPSG` organisation
//!   code the atlas accepts, else the row's WKT `definition`; srs ids 0 and −1
//!   (“undefined”) declare nothing.
//! - Geometries: GeoPackage blobs read by [`crate::io::wkb`] (positions as written,
//!   Z/M dropped); NULL or empty geometries become features without geometry.
//! - Attributes: every column but the geometry and the primary key (which becomes the
//!   feature's `id`), by the value's storage class: INTEGER → integer (a column declared
//!   BOOLEAN → true/false), REAL → number (NaN and infinities → null), TEXT → string
//!   (DATE and DATETIME stay text), NULL → null. BLOB values are left out (the key is
//!   absent): the atlas has nothing to show for bytes.
//! - A damaged file, a file that is not SQLite, an SQLite file that is not a GeoPackage
//!   and an unreadable blob are refused with [`ImportError::Bad`] naming the table and
//!   the row (its fid).

use std::path::Path;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::{Map, Value};

use super::ImportError;
use super::source::{LayerInfo, RawLayer, ReadOptions, SAMPLE_FEATURES};
use crate::crs::{Crs, CrsError};
use crate::model::{PropValue, Properties, UserFeature};

/// Where a GeoPackage declares its coordinate systems.
const SRS_WHERE: &str = "gpkg_spatial_ref_sys";

/// How long to wait for another program's write lock before giving up.
const BUSY_WAIT: Duration = Duration::from_millis(500);

pub(super) fn probe(path: &Path, options: &ReadOptions) -> Result<Vec<LayerInfo>, ImportError> {
    let db = Db::open(path, options)?;
    let tables = db.tables()?;
    tables
        .iter()
        .map(|t| {
            let (sample, _) = db.features(t, Some(SAMPLE_FEATURES), &|_| true)?;
            Ok(db.info(t, sample))
        })
        .collect()
}

pub(super) fn read(
    path: &Path,
    options: &ReadOptions,
    progress: &dyn Fn(f32) -> bool,
) -> Result<Vec<RawLayer>, ImportError> {
    let db = Db::open(path, options)?;
    let mut tables = db.tables()?;
    if let Some(chosen) = &options.layers {
        tables = tables
            .into_iter()
            .enumerate()
            .filter(|(i, _)| chosen.contains(i))
            .map(|(_, t)| t)
            .collect();
    }
    let total: usize = tables.iter().map(|t| t.count).sum::<usize>().max(1);
    let mut done = 0usize;
    let mut out = Vec::with_capacity(tables.len());
    for t in &tables {
        let before = done;
        let report = |rows: usize| progress((before + rows) as f32 / total as f32);
        let (features, cancelled) = db.features(t, None, &report)?;
        if cancelled {
            return Err(ImportError::Cancelled { file: db.file.clone() });
        }
        done += t.count;
        let sample = features.iter().take(SAMPLE_FEATURES).cloned().collect();
        out.push(RawLayer {
            info: db.info(t, sample),
            features,
            foreign_members: Map::new(),
        });
    }
    if !progress(1.0) {
        return Err(ImportError::Cancelled { file: db.file });
    }
    Ok(out)
}

/// What a GeoPackage declares of a table's system (see [`LayerInfo::declared_crs`]).
type Declared = Option<Result<(Crs, String), CrsError>>;

/// One feature table.
struct Table {
    name: String,
    geometry_column: String,
    geometry_type: String,
    declared_crs: Declared,
    count: usize,
}

/// How each column of a table becomes part of a feature.
enum Column {
    Geometry,
    Id,
    Property { name: String, boolean: bool },
}

struct Db {
    conn: Connection,
    file: String,
}

impl Db {
    fn open(path: &Path, options: &ReadOptions) -> Result<Db, ImportError> {
        let file = path.display().to_string();
        super::checked_size(path, &file, options.max_bytes)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_error(&file, "the file", &e))?;
        conn.busy_timeout(BUSY_WAIT)
            .map_err(|e| sql_error(&file, "the file", &e))?;
        // Read the pages through a memory map and keep them cached: a table scan then
        // costs no read call per page. Only a speed-up: SQLite falls back to reads where
        // the map is not available.
        conn.execute_batch("PRAGMA mmap_size = 2147483648; PRAGMA cache_size = -65536;")
            .map_err(|e| sql_error(&file, "the file", &e))?;
        Ok(Db { conn, file })
    }

    fn bad(&self, part: &str, reason: impl Into<String>) -> ImportError {
        ImportError::Bad {
            file: self.file.clone(),
            part: part.to_string(),
            reason: reason.into(),
        }
    }

    /// The feature tables, in `gpkg_contents` order.
    fn tables(&self) -> Result<Vec<Table>, ImportError> {
        let has_contents: bool = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'gpkg_contents'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| sql_error(&self.file, "the file", &e))?;
        if !has_contents {
            return Err(self.bad(
                "gpkg_contents",
                "this SQLite database is not a GeoPackage: it has no gpkg_contents table",
            ));
        }
        let sql = "SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id \
                   FROM gpkg_contents c JOIN gpkg_geometry_columns g ON lower(g.table_name) = lower(c.table_name) \
                   WHERE lower(c.data_type) = 'features' ORDER BY c.rowid";
        let part = "gpkg_contents and gpkg_geometry_columns";
        let mut stmt = self.conn.prepare(sql).map_err(|e| sql_error(&self.file, part, &e))?;
        let rows: Vec<(String, String, String, i64)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| sql_error(&self.file, part, &e))?;
        rows.into_iter()
            .map(|(name, geometry_column, type_name, srs_id)| {
                let count: i64 = self
                    .conn
                    .query_row(&format!("SELECT count(*) FROM {}", quote(&name)), [], |row| row.get(0))
                    .map_err(|e| sql_error(&self.file, &format!("table {name}"), &e))?;
                Ok(Table {
                    declared_crs: self.srs(srs_id)?,
                    geometry_type: display_type(&type_name),
                    count: usize::try_from(count).unwrap_or(0),
                    name,
                    geometry_column,
                })
            })
            .collect()
    }

    /// The system of `srs_id`, as [`LayerInfo::declared_crs`] says it.
    fn srs(&self, srs_id: i64) -> Result<Declared, ImportError> {
        if srs_id == 0 || srs_id == -1 {
            return Ok(None);
        }
        let row: Option<(String, i64, String)> = self
            .conn
            .query_row(
                "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
                [srs_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(sql_error(&self.file, SRS_WHERE, &e)),
            })?;
        let Some((organization, code, definition)) = row else {
            return Ok(Some(Err(CrsError::Unreadable {
                reason: format!("srs_id {srs_id} is not in gpkg_spatial_ref_sys"),
            })));
        };
        let by_code = organization
            .eq_ignore_ascii_case("EPSG")
            .then(|| u32::try_from(code).ok().and_then(Crs::from_epsg))
            .flatten();
        let crs = match by_code {
            Some(crs) => Ok(crs),
            None if definition.trim().eq_ignore_ascii_case("undefined") => return Ok(None),
            None => crate::crs::from_wkt(&definition),
        };
        Ok(Some(crs.map(|crs| (crs, SRS_WHERE.to_string()))))
    }

    fn info(&self, t: &Table, sample: Vec<UserFeature>) -> LayerInfo {
        LayerInfo {
            name: t.name.clone(),
            feature_count: t.count,
            geometry_type: t.geometry_type.clone(),
            declared_crs: t.declared_crs.clone(),
            encoding: None,
            table: None,
            sample,
        }
    }

    /// The columns of `t` and the primary key (`None`: the table has none, use `rowid`).
    fn columns(&self, t: &Table) -> Result<(Vec<Column>, Vec<String>), ImportError> {
        let part = format!("table {}", t.name);
        let mut stmt = self
            .conn
            .prepare(&format!("PRAGMA table_info({})", quote(&t.name)))
            .map_err(|e| sql_error(&self.file, &part, &e))?;
        let infos: Vec<(String, String, i64)> = stmt
            .query_map([], |row| Ok((row.get(1)?, row.get(2)?, row.get(5)?)))
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| sql_error(&self.file, &part, &e))?;
        let single_pk = infos.iter().filter(|(_, _, pk)| *pk > 0).count() == 1;
        let mut columns = Vec::with_capacity(infos.len() + 1);
        let mut names = Vec::with_capacity(infos.len() + 1);
        let mut has_id = false;
        for (name, declared, pk) in infos {
            let column = if name.eq_ignore_ascii_case(&t.geometry_column) {
                Column::Geometry
            } else if pk > 0 && single_pk && declared.eq_ignore_ascii_case("INTEGER") {
                has_id = true;
                Column::Id
            } else {
                Column::Property {
                    boolean: declared.eq_ignore_ascii_case("BOOLEAN"),
                    name: name.clone(),
                }
            };
            columns.push(column);
            names.push(quote(&name));
        }
        if !columns.iter().any(|c| matches!(c, Column::Geometry)) {
            return Err(self.bad(
                &part,
                format!(
                    "gpkg_geometry_columns names the geometry column “{}”, which the table does not have",
                    t.geometry_column
                ),
            ));
        }
        // Without an integer primary key the rowid numbers the features (views have none).
        let is_table: bool = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [&t.name],
                |row| row.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| sql_error(&self.file, &part, &e))?;
        if !has_id && is_table {
            columns.push(Column::Id);
            names.push("rowid".to_string());
        }
        Ok((columns, names))
    }

    /// The features of `t` (the first `limit` of them), and whether `progress` cancelled.
    fn features(
        &self,
        t: &Table,
        limit: Option<usize>,
        progress: &dyn Fn(usize) -> bool,
    ) -> Result<(Vec<UserFeature>, bool), ImportError> {
        let part = format!("table {}", t.name);
        let (columns, names) = self.columns(t)?;
        let mut sql = format!("SELECT {} FROM {}", names.join(", "), quote(&t.name));
        if let Some(limit) = limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare(&sql).map_err(|e| sql_error(&self.file, &part, &e))?;
        let mut rows = stmt.query([]).map_err(|e| sql_error(&self.file, &part, &e))?;
        let mut out = Vec::with_capacity(limit.unwrap_or(t.count).min(t.count));
        let mut index = 0usize;
        while let Some(row) = rows.next().map_err(|e| sql_error(&self.file, &part, &e))? {
            index += 1;
            if index.is_multiple_of(4096) && !progress(index) {
                return Ok((out, true));
            }
            let mut feature = UserFeature {
                id: None,
                geometry: geo::Geometry::GeometryCollection(geo::GeometryCollection(Vec::new())),
                properties: Properties::new(),
            };
            let mut blob = None;
            for (i, column) in columns.iter().enumerate() {
                let value = row.get_ref(i).map_err(|e| sql_error(&self.file, &part, &e))?;
                match column {
                    Column::Geometry => blob = Some(value),
                    Column::Id => {
                        feature.id = match value {
                            ValueRef::Integer(n) => Some(Value::from(n)),
                            _ => None,
                        }
                    }
                    Column::Property { name, boolean } => {
                        let value = match value {
                            ValueRef::Null => PropValue::Null,
                            ValueRef::Integer(n) if *boolean => PropValue::Bool(n != 0),
                            ValueRef::Integer(n) => PropValue::from(n),
                            ValueRef::Real(x) => PropValue::from(x),
                            ValueRef::Text(bytes) => PropValue::from(&*String::from_utf8_lossy(bytes)),
                            ValueRef::Blob(_) => continue,
                        };
                        feature.properties.insert(name.clone(), value);
                    }
                }
            }
            match blob {
                Some(ValueRef::Blob(bytes)) => {
                    feature.geometry = crate::io::wkb::read_gpkg_blob(bytes)
                        .map(|(_, g)| g)
                        .map_err(|e| self.bad(&row_part(t, &feature, index), e.to_string()))?;
                }
                Some(ValueRef::Null) | None => {}
                Some(_) => {
                    return Err(self.bad(
                        &row_part(t, &feature, index),
                        format!(
                            "the {} column holds a value that is not a geometry blob",
                            t.geometry_column
                        ),
                    ));
                }
            }
            out.push(feature);
        }
        Ok((out, false))
    }
}

/// `table T, row fid N` (or `row N` when the row has no fid).
fn row_part(t: &Table, feature: &UserFeature, index: usize) -> String {
    match &feature.id {
        Some(fid) => format!("table {}, row fid {fid}", t.name),
        None => format!("table {}, row {index}", t.name),
    }
}

/// An SQL identifier in double quotes.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The dialog's name of a GeoPackage geometry type name.
fn display_type(type_name: &str) -> String {
    match type_name.to_ascii_uppercase().as_str() {
        "POINT" => "Point",
        "LINESTRING" => "LineString",
        "POLYGON" => "Polygon",
        "MULTIPOINT" => "MultiPoint",
        "MULTILINESTRING" => "MultiLineString",
        "MULTIPOLYGON" => "MultiPolygon",
        "GEOMETRYCOLLECTION" => "GeometryCollection",
        "GEOMETRY" => "mixed",
        _ => return type_name.to_string(),
    }
    .to_string()
}

/// An SQLite error as a message for planners: not a database, damaged, locked.
fn sql_error(file: &str, part: &str, e: &rusqlite::Error) -> ImportError {
    use rusqlite::ErrorCode;
    let reason = match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            "this is not a GeoPackage: the file is not an SQLite database (is it another format renamed .gpkg?)"
                .to_string()
        }
        Some(ErrorCode::DatabaseCorrupt) => {
            format!("the file is damaged or truncated — copy it again from its source ({e})")
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "another program has it open and is writing to it (the database is locked) — close it in QGIS, \
             ArcGIS or the other program, or save a copy, and try again"
                .to_string()
        }
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => format!("the file cannot be opened ({e})"),
        _ => format!("SQLite cannot read it: {e}"),
    };
    ImportError::Bad {
        file: file.to_string(),
        part: part.to_string(),
        reason,
    }
}
