//! 大连数字经济规划图集 — Dalian Atlas.
//!
//! `plan` is the document model (no UI); `cli` the command-line entry points.

pub mod cli;
pub mod plan;
