import OutpostCore
import Testing

@Suite("Set element normalisation")
struct ElementNormaliseTests {
    @Test(
        "phones become E.164; numbers without a country code are Chinese",
        arguments: [
            ("138 0013 8000", "+8613800138000"),
            ("13800138000", "+8613800138000"),
            ("+86-138-0013-8000", "+8613800138000"),
            ("+86 138 0013 8000", "+8613800138000"),
            ("0086 13800138000", "+8613800138000"),
            ("008613800138000", "+8613800138000"),
            ("(020) 8888 6666", "+862088886666"),
            ("020-88886666", "+862088886666"),
            ("010.6552.9988", "+861065529988"),
            ("+1 (202) 555-0123", "+12025550123"),
            ("0044 20 7183 8750", "+442071838750"),
            ("+442071838750", "+442071838750"),
        ])
    func phones(input: String, expected: String) {
        #expect(ElementKind.phone.normalise(input) == expected)
    }

    @Test("every spelling of one phone normalises to the same element")
    func phoneSpellingsAgree() {
        let spellings = ["138 0013 8000", "+86-138-0013-8000", "0086 13800138000", "(+86) 138.0013.8000", "13800138000"]
        #expect(Set(spellings.map { ElementKind.phone.normalise($0) }) == ["+8613800138000"])
    }

    @Test(
        "phones with letters or other characters are refused",
        arguments: [
            "138 0013 800O", "tel:13800138000", "138-0013-8000 ext 5", "13800138000#", "138_0013_8000", "１３８００１３８０００",
        ])
    func phonesWithLetters(input: String) {
        #expect(ElementKind.phone.normalise(input) == nil)
    }

    @Test("a plus sign anywhere but first is refused", arguments: ["86+13800138000", "++8613800138000", "+86+13800138000"])
    func misplacedPlus(input: String) {
        #expect(ElementKind.phone.normalise(input) == nil)
    }

    @Test(
        "too short or too long phones are refused",
        arguments: [
            "", " ", "12345", "0", "+1234567", "00", "0086", "+1234567890123456", "12345678901234",
        ])
    func phoneLength(input: String) {
        #expect(ElementKind.phone.normalise(input) == nil)
    }

    @Test(
        "the shortest and longest accepted phones",
        arguments: [
            ("+12345678", "+12345678"), ("+123456789012345", "+123456789012345"), ("123456", "+86123456"),
        ])
    func phoneLengthLimits(input: String, expected: String) {
        #expect(ElementKind.phone.normalise(input) == expected)
    }

    @Test(
        "emails are trimmed and lower-cased",
        arguments: [
            ("Wang.Fang@Example.CN", "wang.fang@example.cn"),
            ("  li.wei@example.com \n", "li.wei@example.com"),
            ("SUPPORT+case-0007@Outpost.Example.org", "support+case-0007@outpost.example.org"),
            ("a@b.c", "a@b.c"),
        ])
    func emails(input: String, expected: String) {
        #expect(ElementKind.email.normalise(input) == expected)
    }

    @Test(
        "malformed emails are refused",
        arguments: [
            "", "   ", "wang.fang", "wang.fang@", "@example.cn", "wang@fang@example.cn", "wang.fang@example",
            "wang.fang@.example.cn", "wang.fang@example.cn.", "wang fang@example.cn", "wang.fang@exam\tple.cn",
        ])
    func badEmails(input: String) {
        #expect(ElementKind.email.normalise(input) == nil)
    }

    @Test(
        "tags are trimmed and lower-cased; empty tags are refused",
        arguments: [
            ("VIP", "vip"), ("  Warranty ", "warranty"), ("售后", "售后"), ("Return Window", "return window"),
        ])
    func tags(input: String, expected: String) {
        #expect(ElementKind.tag.normalise(input) == expected)
    }

    @Test("blank tags are refused", arguments: ["", " ", "\t\n", "\u{3000}"])
    func blankTags(input: String) {
        #expect(ElementKind.tag.normalise(input) == nil)
    }

    @Test("normalising is idempotent")
    func idempotent() {
        for (kind, input) in [
            (ElementKind.phone, "138 0013 8000"), (.phone, "(020) 8888 6666"), (.email, " Wang.Fang@Example.CN "), (.tag, " VIP "),
        ] {
            let once = kind.normalise(input)
            #expect(once != nil)
            #expect(once.flatMap(kind.normalise) == once, "\(kind) \(input)")
        }
    }

    @Test("trimmingSpaces removes leading and trailing whitespace only")
    func trimming() {
        #expect("  a b  ".trimmingSpaces() == "a b")
        #expect("\n\ta\u{3000}".trimmingSpaces() == "a")
        #expect("   ".trimmingSpaces() == "")
        #expect("".trimmingSpaces() == "")
    }
}
