/// How a contact attempt ended (`outpost case contact --outcome`).
package enum ContactOutcome: String, Term {
    case reached
    case noAnswer = "no-answer"
    case leftMessage = "left-message"

    package var chinese: String {
        switch self {
        case .reached: "已联系上"
        case .noAnswer: "无人接听"
        case .leftMessage: "已留言"
        }
    }

    package static let aliases: [String: ContactOutcome] = [
        "answered": .reached, "ok": .reached, "联系上": .reached, "接通": .reached, "已接通": .reached,
        "noanswer": .noAnswer, "no-reply": .noAnswer, "busy": .noAnswer, "未接通": .noAnswer, "未接": .noAnswer,
        "message": .leftMessage, "voicemail": .leftMessage, "留言": .leftMessage,
    ]

    package static let fieldName = Phrase("outcome", "联系结果")
}
