//! Guarded steps through an `.xlsx` sheet's cells, shared by the table importer and the
//! evaluation reader: calamine panics on some damaged files (where overflow is checked,
//! as in tests and fuzz builds; elsewhere its arithmetic wraps), and a damaged file must
//! be refused, not bring the atlas down.

use std::io::{Read, Seek};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Cell, DataRef, Xlsx, XlsxCellReader};

/// The cell reader of `sheet`. calamine's error becomes the reason; so does a panic
/// inside calamine: fuzzing found a sheet whose dimension (`k1:J141`) makes calamine
/// subtract with overflow while it opens the sheet.
pub(crate) fn cells_reader<'a, RS: Read + Seek>(
    book: &'a mut Xlsx<RS>,
    sheet: &str,
) -> Result<XlsxCellReader<'a, RS>, String> {
    // Moved into the closure (FnOnce), so that the reader may borrow the book for 'a.
    let open = move || {
        let book = { book };
        book.worksheet_cells_reader(sheet)
    };
    match catch_unwind(AssertUnwindSafe(open)) {
        Ok(Ok(reader)) => Ok(reader),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the sheet is damaged (it could not be opened; e.g. its dimension runs backwards)".to_string()),
    }
}

/// The next filled cell of the sheet, `None` at its end. calamine's error becomes the
/// reason; so does a panic inside calamine: fuzzing found a cell reference whose row
/// number overflows calamine's arithmetic (`attempt to multiply with overflow`).
pub(crate) fn next_cell<'a, RS: Read + Seek>(
    reader: &mut XlsxCellReader<'a, RS>,
) -> Result<Option<Cell<DataRef<'a>>>, String> {
    match catch_unwind(AssertUnwindSafe(|| reader.next_cell())) {
        Ok(Ok(cell)) => Ok(cell),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("a cell reference is damaged (a row or column number out of range)".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use calamine::Reader as _;

    use super::*;

    #[test]
    fn a_sheet_whose_dimension_runs_backwards_is_refused_with_a_reason_not_a_panic() {
        let bytes: &[u8] = include_bytes!("../../fuzz/corpus/evaluation/crash-dimension-row-underflow");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("the workbook opens");
        // 项目状态's dimension is `k1:J141`: its first column lies after its last.
        let Err(reason) = cells_reader(&mut book, "项目状态") else {
            panic!("a backwards dimension is refused");
        };
        assert!(reason.contains("damaged"), "{reason}");
        assert!(cells_reader(&mut book, "实际值").is_ok(), "the other sheets still open");
    }
}
