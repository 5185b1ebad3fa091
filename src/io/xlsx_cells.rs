//! One guarded step through an `.xlsx` sheet's cells, shared by the table importer and
//! the evaluation reader.

use std::io::{Read, Seek};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Cell, DataRef, XlsxCellReader};

/// The next filled cell of the sheet, `None` at its end. calamine's error becomes the
/// reason; so does a panic inside calamine: fuzzing found a cell reference whose row
/// number overflows calamine's arithmetic (`attempt to multiply with overflow` where
/// overflow is checked), and a damaged file must be refused, not bring the atlas down.
pub(crate) fn next_cell<'a, RS: Read + Seek>(
    reader: &mut XlsxCellReader<'a, RS>,
) -> Result<Option<Cell<DataRef<'a>>>, String> {
    match catch_unwind(AssertUnwindSafe(|| reader.next_cell())) {
        Ok(Ok(cell)) => Ok(cell),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("a cell reference is damaged (a row or column number out of range)".to_string()),
    }
}
