//! What the region fields of `reports.parquet` can say, each value written by its `as_str`.

/// The kind of body that reported.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum AgencyLevel {
    /// A province's government.
    Province,
    /// A city's government.
    City,
    /// A county's (district's, banner's) government.
    County,
    /// A township's or street's office.
    Township,
    /// A government department (局, 委员会, 办公室 …).
    Department,
    /// A development zone's administration.
    Zone,
    /// None of these could be told.
    Unknown,
}

impl AgencyLevel {
    /// Name written to `reports.agency_level`.
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyLevel::Province => "province",
            AgencyLevel::City => "city",
            AgencyLevel::County => "county",
            AgencyLevel::Township => "township",
            AgencyLevel::Department => "department",
            AgencyLevel::Zone => "zone",
            AgencyLevel::Unknown => "unknown",
        }
    }

    /// The tier of government a body of this level is, when the level is one.
    pub fn government(self) -> Option<GovernmentLevel> {
        match self {
            AgencyLevel::Province => Some(GovernmentLevel::Province),
            AgencyLevel::City => Some(GovernmentLevel::City),
            AgencyLevel::County => Some(GovernmentLevel::County),
            AgencyLevel::Township => Some(GovernmentLevel::Township),
            AgencyLevel::Department | AgencyLevel::Zone | AgencyLevel::Unknown => None,
        }
    }
}

/// The tier of government a body belongs to.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum GovernmentLevel {
    /// Provincial.
    Province,
    /// City.
    City,
    /// County.
    County,
    /// Township.
    Township,
}

impl GovernmentLevel {
    /// Name written to `reports.government_level`.
    pub fn as_str(self) -> &'static str {
        match self {
            GovernmentLevel::Province => "province",
            GovernmentLevel::City => "city",
            GovernmentLevel::County => "county",
            GovernmentLevel::Township => "township",
        }
    }
}

/// What a report covers.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Scope {
    /// The body's own work.
    Agency,
    /// A summary for the body's whole area (全区/全市 …).
    Area,
}

impl Scope {
    /// Name written to `reports.scope`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Agency => "agency",
            Scope::Area => "area",
        }
    }
}

/// Which clue decided the region.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum RegionSource {
    /// The body's name names the division.
    Agency,
    /// Only the title names it.
    Title,
    /// The township's parent county in the gazetteer.
    GazetteerParent,
    /// The county a zone is named after.
    Zone,
    /// A telephone area code in the text.
    AreaCode,
    /// Division names in the text.
    Text,
    /// A postcode in the text.
    Postcode,
    /// A government web domain in the text.
    Domain,
}

impl RegionSource {
    /// Name written to `reports.region_source`.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionSource::Agency => "agency",
            RegionSource::Title => "title",
            RegionSource::GazetteerParent => "gazetteer_parent",
            RegionSource::Zone => "zone",
            RegionSource::AreaCode => "area_code",
            RegionSource::Text => "text",
            RegionSource::Postcode => "postcode",
            RegionSource::Domain => "domain",
        }
    }
}
