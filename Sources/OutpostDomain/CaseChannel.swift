/// How the customer reached the branch, or how the branch reached them (`docs/ARCHITECTURE.md`, "Cases").
package enum CaseChannel: String, Term {
    case phone
    case email
    case web
    case social
    case walkIn = "walk-in"
    /// A visit by the branch to the customer (the handbooks' 上门 and 走访).
    case onSite = "on-site"
    case fax

    package var chinese: String {
        switch self {
        case .phone: "电话"
        case .email: "邮件"
        case .web: "网页"
        case .social: "社交媒体"
        case .walkIn: "门店"
        case .onSite: "上门"
        case .fax: "传真"
        }
    }

    package static let aliases: [String: CaseChannel] = [
        "telephone": .phone, "call": .phone, "e-mail": .email, "mail": .email, "电子邮件": .email,
        "website": .web, "online": .web, "网站": .web, "social-media": .social, "wechat": .social,
        "微信": .social, "社交": .social, "store": .walkIn, "in-store": .walkIn, "counter": .walkIn,
        "walkin": .walkIn, "到店": .walkIn, "onsite": .onSite, "visit": .onSite, "home-visit": .onSite,
        "走访": .onSite, "上门服务": .onSite, "facsimile": .fax,
    ]

    package static let fieldName = Phrase("channel", "渠道")
}
