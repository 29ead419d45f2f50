//! The template's arithmetic, written once: each identity is a list of parts and the whole they
//! add up to, as plain key lists. Fitting reads the ones within a row (`extract/align.rs`),
//! settling the ones across rows (`extract/settle.rs`), validation all of them (`validate.rs`).

use super::keys::{AppRow, Applicant, Outcome};
use super::rules::Rule;

/// Parts that add up to a whole, over keys of one kind.
#[derive(Clone, Copy, Debug)]
pub struct Identity<K: 'static> {
    /// The rule that reports it failing.
    pub rule: Rule,
    /// The parts, in template order.
    pub parts: &'static [K],
    /// The terms whose sum the parts equal.
    pub whole: &'static [K],
    /// How a finding names it (after the row, column or block it was checked in).
    pub name: &'static str,
    /// Its parts are those the report prints (the templates print （六） differently): a part
    /// not printed is no term of the sum, where otherwise it is a null one.
    pub parts_as_printed: bool,
}

impl<K> Identity<K> {
    /// Parts and whole together: the number of columns of a block that obeys the identity on its
    /// own (the whole last).
    pub const fn width(&self) -> usize {
        self.parts.len() + self.whole.len()
    }
}

/// Section 三, in each row: the six applicant columns add up to 总计.
pub const ROW_SUM: Identity<Applicant> = Identity {
    rule: Rule::RowSum,
    parts: &[
        Applicant::NaturalPerson,
        Applicant::Commercial,
        Applicant::Research,
        Applicant::SocialOrg,
        Applicant::LegalService,
        Applicant::OtherOrg,
    ],
    whole: &[Applicant::Total],
    name: "applicants = 总计",
    parts_as_printed: false,
};

/// Section 四, in each block: 维持 + 纠正 + 其他 + 尚未审结 = 总计.
pub const REVIEW_SUM: Identity<Outcome> = Identity {
    rule: Rule::ReviewSum,
    parts: &[
        Outcome::Upheld,
        Outcome::Corrected,
        Outcome::Other,
        Outcome::Pending,
    ],
    whole: &[Outcome::Total],
    name: "维持 + 纠正 + 其他 + 尚未审结 = 总计",
    parts_as_printed: false,
};

/// Section 三, in each column: the outcome rows （一）..（六） add up to （七）总计. Its parts are
/// those the report prints, （六） by its sub-rows where any is printed (see [`OTHER_SUB_ROWS`]).
pub const OUTCOME_SUM: Identity<AppRow> = Identity {
    rule: Rule::OutcomeSum,
    parts: &[
        AppRow::Granted,
        AppRow::PartiallyGranted,
        AppRow::WithheldStateSecret,
        AppRow::WithheldLawProhibited,
        AppRow::WithheldSecurityStability,
        AppRow::WithheldThirdParty,
        AppRow::WithheldInternalAffairs,
        AppRow::WithheldProcessInfo,
        AppRow::WithheldEnforcementFile,
        AppRow::WithheldAdministrativeQuery,
        AppRow::UnableNotHeld,
        AppRow::UnableNeedsCreation,
        AppRow::UnableUnclear,
        AppRow::NotProcessedPetition,
        AppRow::NotProcessedDuplicate,
        AppRow::NotProcessedPublication,
        AppRow::NotProcessedExcessive,
        AppRow::NotProcessedConfirmation,
        AppRow::Other,
    ],
    whole: &[AppRow::TotalHandled],
    name: "(一)..(六) = (七)总计",
    parts_as_printed: true,
};

/// Section 三, in each column, the 勾稽关系: 一 + 二 = 三（七）总计 + 四.
pub const BALANCE: Identity<AppRow> = Identity {
    rule: Rule::Balance,
    parts: &[AppRow::NewReceived, AppRow::CarriedOver],
    whole: &[AppRow::TotalHandled, AppRow::CarriedForward],
    name: "一 + 二 = 三(七) + 四",
    parts_as_printed: false,
};

/// （六）其他处理 and the sub-rows the 2021 template prints it by (a 2019 report prints the
/// single row; a 2021 report that prints a （六） total too has it counted by the sub-rows).
pub const OTHER_SUB_ROWS: (AppRow, &[AppRow]) = (
    AppRow::Other,
    &[
        AppRow::OtherNoCorrection,
        AppRow::OtherNoFee,
        AppRow::OtherMisc,
    ],
);

/// The identities across the rows of section 三, checked in each applicant column.
pub const ACROSS_ROWS: [Identity<AppRow>; 2] = [OUTCOME_SUM, BALANCE];

impl Identity<AppRow> {
    /// The parts a report's printed rows give: all of them, or, where the parts are as printed,
    /// those printed, （六） by its sub-rows where any of them is printed.
    pub fn parts_printed(&self, printed: &[AppRow]) -> Vec<AppRow> {
        if !self.parts_as_printed {
            return self.parts.to_vec();
        }
        let (other, subs) = OTHER_SUB_ROWS;
        let by_subs = subs.iter().any(|r| printed.contains(r));
        self.parts
            .iter()
            .flat_map(|&p| {
                if p == other && by_subs {
                    subs.to_vec()
                } else {
                    vec![p]
                }
            })
            .filter(|r| printed.contains(r))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blocks_are_the_columns_in_template_order() {
        let row: Vec<Applicant> = ROW_SUM.parts.iter().chain(ROW_SUM.whole).copied().collect();
        assert_eq!(row, Applicant::ALL);
        let block: Vec<Outcome> = REVIEW_SUM
            .parts
            .iter()
            .chain(REVIEW_SUM.whole)
            .copied()
            .collect();
        assert_eq!(block, Outcome::ALL);
        assert_eq!((ROW_SUM.width(), REVIEW_SUM.width()), (7, 5));
    }

    #[test]
    fn the_outcome_rows_a_report_prints() {
        let t2019: Vec<AppRow> = AppRow::ALL
            .iter()
            .copied()
            .filter(|r| !OTHER_SUB_ROWS.1.contains(r))
            .collect();
        let parts = OUTCOME_SUM.parts_printed(&t2019);
        assert_eq!(parts.len(), 19);
        assert_eq!(parts.last(), Some(&AppRow::Other));
        // A 2021 report printing its （六） total and the sub-rows: counted by the sub-rows.
        let parts = OUTCOME_SUM.parts_printed(AppRow::ALL);
        assert_eq!(parts.len(), 21);
        assert!(!parts.contains(&AppRow::Other));
        assert_eq!(
            parts[18..],
            [
                AppRow::OtherNoCorrection,
                AppRow::OtherNoFee,
                AppRow::OtherMisc
            ]
        );
        // A row not printed is no part of the sum; the balance keeps all four.
        assert_eq!(
            OUTCOME_SUM.parts_printed(&[AppRow::Granted, AppRow::NewReceived]),
            [AppRow::Granted]
        );
        assert_eq!(BALANCE.parts_printed(&[]), BALANCE.parts);
    }
}
