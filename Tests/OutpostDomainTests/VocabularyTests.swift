import OutpostCore
import OutpostDomain
import Testing

@Suite struct VocabularyTests {
    @Test func storedFormsAreTheSchemasVocabulary() {
        #expect(CaseKind.allCases.map(\.rawValue) == CaseVocabulary.kinds)
        #expect(CaseChannel.allCases.map(\.rawValue) == CaseVocabulary.channels)
        #expect(Severity.allCases.map(\.rawValue) == CaseVocabulary.severities)
        #expect(CaseStatus.allCases.map(\.rawValue) == CaseVocabulary.statuses)
        #expect(CaseStatus.allCases.filter(\.isOpen).map(\.rawValue) == CaseVocabulary.openStatuses)
        #expect(AfterSalesService.allCases.map(\.rawValue) == CaseVocabulary.services)
        #expect(Set(EventKind.allCases.map(\.rawValue)) == Set(CaseVocabulary.eventKinds))
    }

    @Test(arguments: [
        ("咨询", CaseKind.consultation), ("投诉", .complaint), ("售后", .afterSales), ("反馈", .feedback),
        ("After Sales", .afterSales), ("after_sales", .afterSales), ("COMPLAINT", .complaint), (" feedback ", .feedback),
    ])
    func kindsInEnglishOrChinese(text: String, kind: CaseKind) throws {
        #expect(try CaseKind.parse(text) == kind)
    }

    @Test(arguments: [
        ("电话", CaseChannel.phone), ("邮件", .email), ("网页", .web), ("社交媒体", .social), ("门店", .walkIn),
        ("walk in", .walkIn), ("e-mail", .email), ("微信", .social),
    ])
    func channelsInEnglishOrChinese(text: String, channel: CaseChannel) throws {
        #expect(try CaseChannel.parse(text) == channel)
    }

    @Test(arguments: [("一般", Severity.normal), ("紧迫", .urgent), ("非常紧迫", .critical), ("Critical", .critical)])
    func severitiesInEnglishOrChinese(text: String, severity: Severity) throws {
        #expect(try Severity.parse(text) == severity)
    }

    @Test(arguments: [
        ("新建", CaseStatus.new), ("处理中", .inProgress), ("in progress", .inProgress), ("等待客户", .waiting),
        ("已解决", .resolved), ("已关闭", .closed),
    ])
    func statusesInEnglishOrChinese(text: String, status: CaseStatus) throws {
        #expect(try CaseStatus.parse(text) == status)
    }

    @Test(arguments: [("1", Tier.one), ("一线", .one), ("2", .two), ("二线", .two), ("3", .three), ("专家", .three), ("tier 3", .three)])
    func tiersInEnglishOrChinese(text: String, tier: Tier) throws {
        #expect(try Tier.parse(text) == tier)
    }

    @Test func unknownValuesNameEveryAllowedValueInBothLanguages() {
        #expect {
            try Severity.parse("catastrophic")
        } throws: { error in
            guard let error = error as? DomainError, error.code == .invalid else { return false }
            return error.phrase.english == "unknown severity 'catastrophic': expected normal (一般), urgent (紧迫), critical (非常紧迫)"
                && error.phrase.chinese == "无效的紧急程度「catastrophic」：可选 一般（normal）、紧迫（urgent）、非常紧迫（critical）"
        }
    }

    @Test func labelsFollowTheLanguage() {
        #expect(CaseStatus.waiting.label(in: .english) == "waiting")
        #expect(CaseStatus.waiting.label(in: .chinese) == "等待客户")
        #expect(Severity.critical.label(in: .chinese) == "非常紧迫")
    }

    @Test func categoriesBelongToTheirKind() {
        #expect(CaseKind.consultation.categories == [.technicalSupport, .orderQuery, .productInformation])
        #expect(CaseKind.complaint.categories == [.product, .serviceQuality, .logistics, .customerRights, .sales])
        #expect(CaseKind.feedback.categories.isEmpty)
        #expect(CaseCategory.matching("物流") == .logistics)
    }

    @Test(arguments: [
        (["LANG": "zh_CN.UTF-8"], Language.chinese), (["LANG": "en_US.UTF-8"], .english), ([:], .english),
        (["LANG": "zh_CN.UTF-8", "LC_ALL": "C"], .english), (["LANG": "C", "LC_MESSAGES": "zh_TW"], .chinese),
    ])
    func theEnvironmentChoosesChineseOnlyWhenItAsks(environment: [String: String], language: Language) {
        #expect(Language.preferred(by: environment) == language)
    }

    @Test func languageOptions() {
        #expect(Language(option: "zh") == .chinese)
        #expect(Language(option: "zh-Hans") == .chinese)
        #expect(Language(option: "中文") == .chinese)
        #expect(Language(option: "en") == .english)
        #expect(Language(option: "fr") == nil)
    }
}
