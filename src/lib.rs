//! 大连数字经济规划图集 — Dalian Atlas.
//!
//! `plan` is the document model (no UI); `state` and `action` the window's state and
//! what changes it; `app`, `ui` and `map` are the desktop window; `cli` the
//! command-line entry points of the same binary.

// The benchmarks' generator (`benches/synthetic.rs`) names the crate `dalian_atlas`; unit
// tests that include it need the name inside the crate too.
#[cfg(test)]
extern crate self as dalian_atlas;

pub mod action;
pub mod app;
pub mod basemap;
pub mod catalogue;
pub mod cli;
pub mod coords;
pub mod crs;
pub mod document;
pub mod evaluation;
pub mod i18n;
pub mod io;
pub mod map;
pub mod model;
pub mod plan;
pub mod render;
pub mod shortcuts;
pub mod state;
pub mod symbology;
#[cfg(test)]
mod test_rng;
pub mod theme;
pub mod tile_source;
pub mod ui;
