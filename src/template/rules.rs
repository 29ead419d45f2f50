//! The stable rule codes of `findings.parquet` (README, "Findings"): one variant per documented
//! check or extraction note, written by [`Rule::as_str`].

/// Declares the rules with their codes.
macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident => $code:literal),+ $(,)?) => {
        /// A finding's rule.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum Rule { $($(#[$doc])* $variant),+ }
        impl Rule {
            /// Every rule, in the README's order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];
            /// The code written to `findings.rule`.
            pub fn as_str(self) -> &'static str { match self { $(Rule::$variant => $code),+ } }
        }
    };
}

rules!(
    /// 一 + 二 ≠ 三（七）总计 + 四 in a column of section 三.
    Balance => "balance",
    /// A section 三 row's six applicant columns do not add up to its 总计.
    RowSum => "row_sum",
    /// In a column, （七）总计 ≠ the sum of rows （一）..（六）.
    OutcomeSum => "outcome_sum",
    /// In section 四, 维持 + 纠正 + 其他 + 尚未审结 ≠ 总计 for a block.
    ReviewSum => "review_sum",
    /// A figure the text states contradicts the table.
    ProseMismatch => "prose_mismatch",
    /// A section's table could not be read.
    MissingSection => "missing_section",
    /// A row had more or fewer cells than columns.
    CellCount => "cell_count",
    /// Digits run together were split into cells.
    DigitSplit => "digit_split",
    /// A value cell that is not a number.
    UnreadableCell => "unreadable_cell",
    /// The title's year differs from the statistics period's.
    YearMismatch => "year_mismatch",
    /// Labels of both templates in one report.
    TemplateMismatch => "template_mismatch",
    /// A template row of section 三 was not found.
    MissingRow => "missing_row",
    /// A section 三 row printed twice.
    DuplicateRow => "duplicate_row",
    /// A row with numbers whose label names no row of the template.
    UnmatchedRow => "unmatched_row",
    /// Neither template's labels nor a reporting year found.
    TemplateUnknown => "template_unknown",
    /// No reporting year found.
    MissingYear => "missing_year",
    /// No body's name found: the agency is null.
    MissingAgency => "missing_agency",
    /// This year's 上年结转 differs from the same agency's previous 结转下年度.
    CarryoverMismatch => "carryover_mismatch",
    /// The body's name fits several divisions and no clue tells which.
    AmbiguousRegion => "ambiguous_region",
    /// No division fits the body and no clue in the text places it.
    UnresolvedRegion => "unresolved_region",
    /// The text was in traditional characters and was read converted to simplified.
    TraditionalScript => "traditional_script",
    /// A row placed by template order because its label was lost.
    LabelFallback => "label_fallback",
    /// No template label printed; the year decided.
    TemplateFromYear => "template_from_year",
    /// An amount printed in 元, converted to 万元.
    UnitConverted => "unit_converted",
    /// A number read by OCR that the arithmetic does not confirm and OCR was not sure of.
    OcrUnconfirmed => "ocr_unconfirmed",
    /// A scanned file with more pages than OCR reads.
    OcrPageLimit => "ocr_page_limit",
    /// The report was read by OCR.
    OcrRead => "ocr_read",
    /// NUL bytes in a text file, dropped before reading.
    NulBytes => "nul_bytes",
);

impl PartialEq<&str> for Rule {
    /// A rule equals its code.
    fn eq(&self, code: &&str) -> bool {
        self.as_str() == *code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case() {
        let mut codes: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
        assert_eq!(Rule::OutcomeSum.as_str(), "outcome_sum");
        assert!(Rule::DigitSplit == "digit_split");
    }

    #[test]
    fn every_rule_is_documented() {
        let readme = include_str!("../../README.md");
        for rule in Rule::ALL {
            assert!(
                readme.contains(&format!("`{}`", rule.as_str())),
                "{} is not in README's Findings",
                rule.as_str()
            );
        }
    }

    #[test]
    fn every_rule_is_in_the_schema() {
        let schema = include_str!("../../docs/SCHEMA.md");
        let findings = &schema[schema
            .find("## findings.parquet")
            .expect("findings section")..];
        for rule in Rule::ALL {
            assert!(
                findings.contains(rule.as_str()),
                "{} is not in SCHEMA.md's findings",
                rule.as_str()
            );
        }
    }
}
