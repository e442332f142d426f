/// Why a sync stopped, in words a clerk can act on. Nothing unsent is lost: the outbox keeps every
/// change the relay has not acknowledged.
package struct SyncError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        /// The relay could not be reached (network down, wrong address, relay stopped).
        case unreachable
        /// The relay refused the request; `relayCode` says why (`bad-token`, `clock-ahead`, ...).
        case refused
        /// The relay answered something this station cannot read.
        case protocolError
        /// The station is not set up for sync (no relay address or token).
        case notConfigured
        /// The relay holds more of this station's changes than this database has issued: the
        /// database was restored from a backup or copied.
        case restoredDatabase
        /// The relay answering is not the one this station synced with before.
        case otherRelay
    }

    package var code: Code
    package var message: String
    /// The same in Chinese, for `--lang zh`; nil where only the relay's English words exist.
    package var chinese: String?
    /// The relay's error code, when it refused.
    package var relayCode: String?

    package init(_ code: Code, _ message: String, chinese: String? = nil, relayCode: String? = nil) {
        self.code = code
        self.message = message
        self.chinese = chinese
        self.relayCode = relayCode
    }

    package var description: String { message }

    /// A refusal from the relay, in the station's words: the relay's own sentence in English, and
    /// for `--lang zh` the same advice in Chinese (the relay speaks English only).
    package static func refusal(_ code: String, _ relayMessage: String) -> SyncError {
        let chinese: String =
            switch code {
            case "bad-token": "中继不认识本站点的令牌：请用 `outpost relay set --url URL --token TOKEN` 检查，或向中继管理员索取新令牌"
            case "revoked": "本站点的令牌已被中继吊销：请向中继管理员索取新令牌"
            case "unknown-station": "中继拒绝：此令牌不属于本站点数据库（\(relayMessage)）"
            case "clock-ahead": "本机时钟比中继超前 5 分钟以上，变更仍保留在待发送队列中：请校正本机时钟后运行 `outpost clock repair`（\(relayMessage)）"
            case "too-large": "中继拒绝：变更过大（\(relayMessage)）"
            case "busy": "中继正忙于其他站点的同步，未读取或更改任何内容：变更仍保留在待发送队列中，请稍后再同步"
            default: "中继拒绝：\(relayMessage)"
            }
        return SyncError(.refused, "the relay refused: \(relayMessage)", chinese: chinese, relayCode: code)
    }
}
