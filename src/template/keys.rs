//! The template's canonical keys: its three statistical sections, and the rows and columns of
//! each with the snake_case names of docs/SCHEMA.md.

/// The three statistical sections of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Section {
    /// 二、主动公开政府信息情况.
    Proactive,
    /// 三、收到和处理政府信息公开申请情况.
    Applications,
    /// 四、政府信息公开行政复议、行政诉讼情况.
    Review,
}

impl Section {
    /// Name written to `findings.section`.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Proactive => "proactive",
            Section::Applications => "applications",
            Section::Review => "review_litigation",
        }
    }
}

/// Declares a closed set of canonical keys with their snake_case names.
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
        impl $name {
            /// Every key, in template order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The canonical snake_case key of docs/SCHEMA.md.
            pub fn key(self) -> &'static str { match self { $($name::$variant => $key),+ } }
        }
    };
}

keys!(
    /// Row of section 三 (applications), in template order.
    AppRow {
        /// 一、本年新收政府信息公开申请数量
        NewReceived => "new_received",
        /// 二、上年结转政府信息公开申请数量
        CarriedOver => "carried_over",
        /// （一）予以公开
        Granted => "granted",
        /// （二）部分公开
        PartiallyGranted => "partially_granted",
        /// （三）1.属于国家秘密
        WithheldStateSecret => "withheld_state_secret",
        /// （三）2.其他法律行政法规禁止公开
        WithheldLawProhibited => "withheld_law_prohibited",
        /// （三）3.危及“三安全一稳定”
        WithheldSecurityStability => "withheld_security_stability",
        /// （三）4.保护第三方合法权益
        WithheldThirdParty => "withheld_third_party",
        /// （三）5.属于三类内部事务信息
        WithheldInternalAffairs => "withheld_internal_affairs",
        /// （三）6.属于四类过程性信息
        WithheldProcessInfo => "withheld_process_info",
        /// （三）7.属于行政执法案卷
        WithheldEnforcementFile => "withheld_enforcement_file",
        /// （三）8.属于行政查询事项
        WithheldAdministrativeQuery => "withheld_administrative_query",
        /// （四）1.本机关不掌握相关政府信息
        UnableNotHeld => "unable_not_held",
        /// （四）2.没有现成信息需要另行制作
        UnableNeedsCreation => "unable_needs_creation",
        /// （四）3.补正后申请内容仍不明确
        UnableUnclear => "unable_unclear",
        /// （五）1.信访举报投诉类申请
        NotProcessedPetition => "not_processed_petition",
        /// （五）2.重复申请
        NotProcessedDuplicate => "not_processed_duplicate",
        /// （五）3.要求提供公开出版物
        NotProcessedPublication => "not_processed_publication",
        /// （五）4.无正当理由大量反复申请
        NotProcessedExcessive => "not_processed_excessive",
        /// （五）5.要求行政机关确认或重新出具已获取信息
        NotProcessedConfirmation => "not_processed_confirmation",
        /// （六）其他处理: the 2019 row, or a printed (六) total in 2021 reports
        Other => "other",
        /// （六）1.申请人无正当理由逾期不补正 (2021)
        OtherNoCorrection => "other_no_correction",
        /// （六）2.申请人逾期未按收费通知要求缴纳费用 (2021)
        OtherNoFee => "other_no_fee",
        /// （六）3.其他 (2021)
        OtherMisc => "other_misc",
        /// （七）总计
        TotalHandled => "total_handled",
        /// 四、结转下年度继续办理
        CarriedForward => "carried_forward",
    }
);

keys!(
    /// Column of section 三: who applied.
    Applicant {
        /// 自然人
        NaturalPerson => "natural_person",
        /// 商业企业
        Commercial => "commercial",
        /// 科研机构
        Research => "research",
        /// 社会公益组织
        SocialOrg => "social_org",
        /// 法律服务机构
        LegalService => "legal_service",
        /// 其他 (法人或其他组织)
        OtherOrg => "other_org",
        /// 总计
        Total => "total",
    }
);

keys!(
    /// Block of section 四.
    Proceeding {
        /// 行政复议
        Review => "review",
        /// 未经复议直接起诉
        LitigationDirect => "litigation_direct",
        /// 复议后起诉
        LitigationAfterReview => "litigation_after_review",
    }
);

keys!(
    /// Column of a section 四 block.
    Outcome {
        /// 结果维持
        Upheld => "upheld",
        /// 结果纠正
        Corrected => "corrected",
        /// 其他结果
        Other => "other",
        /// 尚未审结
        Pending => "pending",
        /// 总计
        Total => "total",
    }
);

keys!(
    /// Row of section 二 (proactive disclosure).
    Item {
        /// 规章
        Regulations => "regulations",
        /// (行政)规范性文件
        NormativeDocuments => "normative_documents",
        /// 行政许可
        Licensing => "licensing",
        /// 其他对外管理服务事项
        OtherServices => "other_services",
        /// 行政处罚
        Penalty => "penalty",
        /// 行政强制
        Coercion => "coercion",
        /// 行政事业性收费
        Fees => "fees",
        /// 政府集中采购
        Procurement => "procurement",
    }
);

keys!(
    /// Column of section 二. The two templates' measures are different quantities.
    Measure {
        /// 本年新制作数量 (2019)
        MadeThisYear => "made_this_year",
        /// 本年新公开数量 (2019)
        PublishedThisYear => "published_this_year",
        /// 对外公开总数量 (2019)
        TotalPublic => "total_public",
        /// 上一年项目数量 (2019)
        ItemsLastYear => "items_last_year",
        /// 本年增/减 (2019), signed
        Change => "change",
        /// 处理决定数量 (2019) / 本年处理决定数量 (2021)
        Decisions => "decisions",
        /// 采购项目数量 (2019)
        Items => "items",
        /// 采购总金额 (2019) / 本年收费金额 (2021), in 万元
        AmountWanYuan => "amount_wan_yuan",
        /// 本年制发件数 (2021)
        Issued => "issued",
        /// 本年废止件数 (2021)
        Repealed => "repealed",
        /// 现行有效件数 (2021)
        InForce => "in_force",
    }
);

impl Measure {
    /// The unit a measure is counted in, as the templates define it.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::AmountWanYuan => "万元",
            Measure::ItemsLastYear | Measure::Change | Measure::Items => "项",
            _ => "件",
        }
    }
}
