//! Guessing a file's coordinate system from its positions, when the file says nothing.

use super::Crs;

/// A guess, to be confirmed by the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    pub crs: Crs,
    /// Why, for the import dialog, e.g. “eastings of 41 xxx xxx m carry zone 41”.
    pub reason: String,
}

/// The likely system of `positions_x_y` (a sample of the file's positions), or `None`
/// when none of the accepted systems puts them near Dalian (or anywhere valid).
pub fn guess_from_positions(positions_x_y: &[[f64; 2]]) -> Option<Guess> {
    let _ = positions_x_y;
    todo!("crs helper")
}
