//! A table row seen as a label and its value cells: the label is the text cells before the
//! first printed value, the values are everything after the last of those labels, blanks
//! included (a blank inside the value region is a printed empty cell).

use crate::layout::{Cell, Row};
use crate::text::compact;
use crate::text::number::{Parsed, read_value};

/// A row split into its label and its value cells.
#[derive(Debug)]
pub struct RowView<'a> {
    /// The label cells joined, whitespace removed: the form labels are matched in.
    pub label: String,
    /// The label cells joined with a space, as printed (normalised).
    pub display: String,
    /// The value cells, in printed order.
    pub values: Vec<&'a Cell>,
    /// At least one value cell holds something (a number or a null marker such as '/').
    pub has_values: bool,
    /// Where the row starts.
    pub line: u32,
}

/// Splits a row into label and values.
pub fn view(row: &Row) -> RowView<'_> {
    let parsed: Vec<Parsed> = row.cells.iter().map(|c| read_value(&c.text)).collect();
    let first_value = row
        .cells
        .iter()
        .zip(&parsed)
        .position(|(c, p)| !c.text.is_empty() && !matches!(p, Parsed::Text));
    let label_end = first_value.unwrap_or(row.cells.len());
    let labels: Vec<&Cell> = row.cells[..label_end]
        .iter()
        .zip(&parsed)
        .filter(|(c, p)| matches!(p, Parsed::Text) && !c.text.is_empty())
        .map(|(c, _)| c)
        .collect();
    let values: Vec<&Cell> = match first_value {
        None => Vec::new(),
        Some(first) => {
            let last_label = row.cells[..first]
                .iter()
                .rposition(|c| !c.text.is_empty())
                .map_or(first, |i| i + 1);
            row.cells[last_label..].iter().collect()
        }
    };
    RowView {
        label: labels.iter().map(|c| compact(&c.text)).collect(),
        display: labels
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        has_values: first_value.is_some(),
        values,
        line: row.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        Row {
            cells: cells.iter().map(|c| Cell::new(c, 7)).collect(),
            line: 7,
        }
    }

    fn texts(v: &RowView) -> Vec<String> {
        v.values.iter().map(|c| c.text.clone()).collect()
    }

    #[test]
    fn label_cells_then_values_blanks_kept() {
        let r = row(&[
            "三、本年度办理结果",
            "(一) 予以公开",
            "",
            "",
            "",
            "",
            "",
            "0",
        ]);
        let v = view(&r);
        assert_eq!(v.label, "三、本年度办理结果(一)予以公开");
        assert_eq!(texts(&v), ["", "", "", "", "", "0"]);
        assert!(v.has_values);
    }

    #[test]
    fn leading_blank_cells_are_not_values() {
        let r = row(&["", "", " 0", " 0"]);
        assert_eq!(texts(&view(&r)), ["0", "0"]);
        let r = row(&["", "(二) 部分公开", "0", ""]);
        assert_eq!(texts(&view(&r)), ["0", ""]);
    }

    #[test]
    fn unreadable_text_after_a_number_is_a_value_cell() {
        let r = row(&["行政许可", "347", "约100", "2558"]);
        assert_eq!(texts(&view(&r)), ["347", "约100", "2558"]);
    }

    #[test]
    fn header_rows_have_no_values() {
        let r = row(&["行政复议", "", "", "", "", "行政诉讼", "", ""]);
        let v = view(&r);
        assert!(!v.has_values);
        assert_eq!(v.label, "行政复议行政诉讼");
        let r = row(&["行政许可", "/", "/", "/"]);
        assert!(view(&r).has_values);
    }
}
