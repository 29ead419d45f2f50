//! Whether each statistical section's table was read: a section with no table, a table none of
//! whose cells holds a number, or a section 三 with fewer than half of the template's rows found
//! is a `missing_section` error, so a report is never `ok` without its three tables (prose figures
//! stand in for a missing table afterwards, `prose.rs`, but the finding stays: no table was read).

use crate::model::{AppCell, Finding, ProactiveCell, ReviewCell, Section, Severity};
use crate::template::Rule;

/// Why a section's table counts as not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unread {
    /// No row of it was found.
    NoTable,
    /// Rows were found, but none of their cells holds a number.
    NoNumber,
    /// Section 三: only `found` of the template's `of` rows were found.
    FewRows { found: usize, of: usize },
}

/// The `missing_section` findings of an extraction's three tables, read from their rows (before
/// prose figures are applied).
pub fn missing_sections(
    proactive: &[ProactiveCell],
    applications: &[AppCell],
    review: &[ReviewCell],
    heading: impl Fn(Section) -> Option<u32>,
) -> Vec<Finding> {
    [
        (
            Section::Proactive,
            unread_cells(proactive.iter().map(|c| c.value.is_some())),
        ),
        (Section::Applications, unread_applications(applications)),
        (
            Section::Review,
            unread_cells(review.iter().map(|c| c.value.is_some())),
        ),
    ]
    .into_iter()
    .filter_map(|(section, unread)| unread.map(|u| finding(section, heading(section), u)))
    .collect()
}

fn unread_cells(mut has_value: impl Iterator<Item = bool>) -> Option<Unread> {
    let mut any = false;
    if has_value.any(|v| {
        any = true;
        v
    }) {
        return None;
    }
    Some(if any {
        Unread::NoNumber
    } else {
        Unread::NoTable
    })
}

/// Section 三 is read when at least half of the template's rows were found in it (a grid whose
/// other rows are null, `missing_row`, is a table this version did not read) and one of its
/// cells holds a number.
fn unread_applications(cells: &[AppCell]) -> Option<Unread> {
    if let Some(unread) = unread_cells(cells.iter().map(|c| c.value.is_some())) {
        return Some(unread);
    }
    let mut rows: Vec<_> = cells.iter().map(|c| c.row).collect();
    rows.dedup();
    let mut found: Vec<_> = cells
        .iter()
        .filter(|c| c.prov.line.is_some())
        .map(|c| c.row)
        .collect();
    found.dedup();
    (found.len() * 2 < rows.len()).then_some(Unread::FewRows {
        found: found.len(),
        of: rows.len(),
    })
}

fn finding(section: Section, heading: Option<u32>, unread: Unread) -> Finding {
    let name = match section {
        Section::Proactive => "section 二 (proactive disclosure)",
        Section::Applications => "section 三 (applications)",
        Section::Review => "section 四 (review and litigation)",
    };
    let under = heading.map_or(String::new(), |line| {
        format!("heading found at line {line}, but ")
    });
    let message = match (unread, heading) {
        (Unread::NoTable, Some(line)) => {
            format!("{name}: heading found at line {line}, but no table could be read under it")
        }
        (Unread::NoTable, None) => format!("{name}: neither its heading nor its table was found"),
        (Unread::NoNumber, _) => {
            format!("{name}: {under}none of its table's cells could be read as a number")
        }
        (Unread::FewRows { found, of }, _) => format!(
            "{name}: {under}only {found} of the template's {of} rows were found in its table; the table was not read"
        ),
    };
    let finding = Finding::new(
        Rule::MissingSection,
        Severity::Error,
        Some(section),
        message,
    )
    .at(heading);
    match unread {
        Unread::FewRows { found, of } => finding.values(of.to_string(), found.to_string()),
        _ => finding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AppRow, Applicant, CellSource, Provenance};

    fn app(row: AppRow, value: Option<i64>, line: Option<u32>) -> Vec<AppCell> {
        Applicant::ALL
            .iter()
            .map(|&applicant| AppCell {
                row,
                applicant,
                value,
                label: None,
                prov: Provenance {
                    raw: None,
                    source: CellSource::Table,
                    line,
                    confidence: None,
                },
            })
            .collect()
    }

    #[test]
    fn a_grid_with_one_row_found_is_not_read() {
        let rows = &AppRow::ALL[..23];
        let mut cells: Vec<AppCell> = rows.iter().flat_map(|&r| app(r, None, None)).collect();
        cells.extend(app(AppRow::ALL[23], Some(0), Some(90)));
        let f = missing_sections(&[], &cells, &[], |_| Some(12));
        let apps: Vec<_> = f
            .iter()
            .filter(|f| f.section == Some(Section::Applications))
            .collect();
        assert_eq!(apps.len(), 1);
        assert_eq!(
            apps[0].message,
            "section 三 (applications): heading found at line 12, but only 1 of the template's 24 rows were found in its table; the table was not read"
        );
        assert_eq!(
            (apps[0].expected.as_deref(), apps[0].actual.as_deref()),
            (Some("24"), Some("1"))
        );
    }

    #[test]
    fn a_grid_with_half_its_rows_is_read_and_a_table_of_nulls_is_not() {
        let cells: Vec<AppCell> = AppRow::ALL[..24]
            .iter()
            .enumerate()
            .flat_map(|(i, &r)| {
                if i % 2 == 0 {
                    app(r, Some(1), Some(i as u32))
                } else {
                    app(r, None, None)
                }
            })
            .collect();
        assert!(unread_applications(&cells).is_none());
        let nulls: Vec<AppCell> = AppRow::ALL[..24]
            .iter()
            .flat_map(|&r| app(r, None, Some(3)))
            .collect();
        assert_eq!(unread_applications(&nulls), Some(Unread::NoNumber));
        assert_eq!(unread_applications(&[]), Some(Unread::NoTable));
    }
}
