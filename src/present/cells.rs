//! Report rows turned straight into table cells: each field's text, as CSV writes it, is
//! appended to one buffer, and only where each cell ends is kept. A table of a hundred
//! thousand rows then costs one pass over the rows, with no CSV text to split again.
//!
//! Only flat rows of whole numbers, text, booleans and optional values are written this
//! way; a row holding anything else (a float, a nested record) has all its report's cells
//! taken from the CSV writer instead, so a cell never reads differently from its CSV.

use std::fmt::{self, Display, Write as _};

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct};

use super::reports::{ReportError, cells};

/// Every row's cells in one text.
pub(crate) struct CellText {
    text: String,
    /// Where each cell ends in the text.
    ends: Vec<usize>,
    /// Where each row's cells end among `ends`.
    rows: Vec<usize>,
}

impl CellText {
    /// The cells of `rows`, each a record of `width` fields.
    pub(crate) fn of<T: Serialize>(rows: &[T], width: usize) -> Result<CellText, ReportError> {
        match CellText::written(rows, width) {
            Some(text) => Ok(text),
            None => {
                let mut text = CellText::with_room(rows.len(), width);
                for row in cells(rows)? {
                    for cell in row {
                        text.text.push_str(&cell);
                        text.ends.push(text.text.len());
                    }
                    text.rows.push(text.ends.len());
                }
                Ok(text)
            }
        }
    }

    /// The cells as written here, or `None` if a row holds something other than the plain
    /// values written here or not `width` of them.
    fn written<T: Serialize>(rows: &[T], width: usize) -> Option<CellText> {
        let mut writer = Writer {
            cells: CellText::with_room(rows.len(), width),
            in_row: false,
        };
        for row in rows {
            let before = writer.cells.ends.len();
            row.serialize(&mut writer).ok()?;
            if writer.cells.ends.len() - before != width {
                return None;
            }
            writer.cells.rows.push(writer.cells.ends.len());
        }
        (width > 0).then_some(writer.cells)
    }

    fn with_room(rows: usize, width: usize) -> CellText {
        CellText {
            text: String::with_capacity(rows * width * 8),
            ends: Vec::with_capacity(rows * width),
            rows: Vec::with_capacity(rows),
        }
    }

    /// The rows, each as its cells.
    pub(crate) fn rows(&self) -> impl Iterator<Item = impl Iterator<Item = &str>> {
        let (text, ends) = (self.text.as_str(), &self.ends);
        let firsts = std::iter::once(0).chain(self.rows.iter().copied());
        firsts.zip(&self.rows).map(move |(first, &last)| {
            let mut start = match first {
                0 => 0,
                _ => ends[first - 1],
            };
            ends[first..last].iter().map(move |&end| {
                let cell = &text[start..end];
                start = end;
                cell
            })
        })
    }
}

/// A value this writer does not write as a cell.
#[derive(Debug)]
pub(crate) struct NotACell;

impl Display for NotACell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a plain table cell")
    }
}

impl std::error::Error for NotACell {}

impl ser::Error for NotACell {
    fn custom<T: Display>(_: T) -> Self {
        NotACell
    }
}

struct Writer {
    cells: CellText,
    /// Inside a row's record: a value there is one cell.
    in_row: bool,
}

impl Writer {
    /// A cell of any value, as it displays.
    fn cell(&mut self, value: impl Display) -> Result<(), NotACell> {
        self.write(|text| write!(text, "{value}").map_err(|_| NotACell))
    }

    /// A text cell, as it is.
    fn text(&mut self, value: &str) -> Result<(), NotACell> {
        self.write(|text| {
            text.push_str(value);
            Ok(())
        })
    }

    /// A whole number's cell, in its digits (as CSV writes it).
    fn number(&mut self, value: impl itoa::Integer) -> Result<(), NotACell> {
        self.text(itoa::Buffer::new().format(value))
    }

    fn write(
        &mut self,
        append: impl FnOnce(&mut String) -> Result<(), NotACell>,
    ) -> Result<(), NotACell> {
        if !self.in_row {
            return Err(NotACell);
        }
        append(&mut self.cells.text)?;
        self.cells.ends.push(self.cells.text.len());
        Ok(())
    }
}

impl ser::Serializer for &mut Writer {
    type Ok = ();
    type Error = NotACell;
    type SerializeSeq = Impossible<(), NotACell>;
    type SerializeTuple = Impossible<(), NotACell>;
    type SerializeTupleStruct = Impossible<(), NotACell>;
    type SerializeTupleVariant = Impossible<(), NotACell>;
    type SerializeMap = Impossible<(), NotACell>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), NotACell>;

    fn serialize_bool(self, v: bool) -> Result<(), NotACell> {
        self.cell(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), NotACell> {
        self.number(v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), NotACell> {
        Err(NotACell)
    }
    fn serialize_f64(self, _: f64) -> Result<(), NotACell> {
        Err(NotACell)
    }
    fn serialize_char(self, v: char) -> Result<(), NotACell> {
        self.cell(v)
    }
    fn serialize_str(self, v: &str) -> Result<(), NotACell> {
        self.text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), NotACell> {
        Err(NotACell)
    }
    fn serialize_none(self) -> Result<(), NotACell> {
        self.text("")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), NotACell> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), NotACell> {
        self.text("")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), NotACell> {
        self.text("")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), NotACell> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotACell> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotACell> {
        Err(NotACell)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotACell> {
        Err(NotACell)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotACell> {
        Err(NotACell)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotACell> {
        Err(NotACell)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotACell> {
        Err(NotACell)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotACell> {
        Err(NotACell)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotACell> {
        // A row is one record; a record inside a cell is not written here.
        match self.in_row {
            true => Err(NotACell),
            false => {
                self.in_row = true;
                Ok(self)
            }
        }
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotACell> {
        Err(NotACell)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), NotACell> {
        self.cell(value)
    }
}

impl SerializeStruct for &mut Writer {
    type Ok = ();
    type Error = NotACell;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotACell> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), NotACell> {
        self.in_row = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        sku: String,
        qty: i64,
        note: Option<String>,
        eta: Option<u32>,
        ok: bool,
    }

    #[derive(Serialize)]
    struct Priced {
        sku: &'static str,
        price: f64,
    }

    #[test]
    fn each_field_is_a_cell_as_csv_writes_it() {
        let rows = [
            Row {
                sku: "TAPE".into(),
                qty: -3,
                note: None,
                eta: Some(7),
                ok: true,
            },
            Row {
                sku: "Ü-bolt, 8mm".into(),
                qty: 12,
                note: Some("two words".into()),
                eta: None,
                ok: false,
            },
        ];
        let cells = CellText::of(&rows, 5).unwrap();
        let read: Vec<Vec<&str>> = cells.rows().map(Iterator::collect).collect();
        assert_eq!(
            read,
            [
                vec!["TAPE", "-3", "", "7", "true"],
                vec!["Ü-bolt, 8mm", "12", "two words", "", "false"]
            ]
        );
    }

    #[test]
    fn what_is_not_a_plain_cell_is_left_to_the_csv_writer() {
        let cells_of = |text: CellText| -> Vec<Vec<String>> {
            text.rows()
                .map(|r| r.map(str::to_string).collect())
                .collect()
        };
        let priced = [Priced {
            sku: "A",
            price: 1.5,
        }];
        assert!(CellText::written(&priced, 2).is_none());
        assert_eq!(cells_of(CellText::of(&priced, 2).unwrap()), [["A", "1.5"]]);
        // A row of another width than its columns keeps the cells it has.
        let row = [Row {
            sku: "A".into(),
            qty: 1,
            note: None,
            eta: None,
            ok: true,
        }];
        assert!(CellText::written(&row, 4).is_none());
        assert_eq!(
            cells_of(CellText::of(&row, 4).unwrap()),
            [["A", "1", "", "", "true"]]
        );
        assert!(CellText::written::<Row>(&[], 5).is_some_and(|c| c.rows().next().is_none()));
    }
}
