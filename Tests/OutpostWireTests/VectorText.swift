import OutpostCore
import OutpostWire

/// The text of the files in `Protocol/vectors/`.
enum VectorText {
    /// Lower-case hex, 64 digits per line, with a final newline.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Hex.encode(bytes)
        var lines = [Substring]()
        var index = digits.startIndex
        while index < digits.endIndex {
            let end = digits.index(index, offsetBy: 64, limitedBy: digits.endIndex) ?? digits.endIndex
            lines.append(digits[index..<end])
            index = end
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a `.hex` file: hex digits, whitespace ignored.
    static func bytes(fromHex text: String) -> [UInt8]? {
        Hex.decode(String(text.filter { !$0.isWhitespace }))
    }

    static func limitsLine(_ limits: FrameLimits) -> String {
        "maxFrameBytes \(limits.maxFrameBytes), maxInflatedBytes \(limits.maxInflatedBytes), maxRatio \(limits.maxRatio)"
    }

    /// Reads the `limits:` line back.
    static func limits(fromLine line: Substring) -> FrameLimits? {
        let numbers = line.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        return FrameLimits(maxFrameBytes: numbers[0], maxInflatedBytes: numbers[1], maxRatio: numbers[2])
    }

    /// The `.txt` file of a vector. The `expect:` and `limits:` lines are read by the tests.
    static func description(of vector: VectorCatalog.Vector) -> String {
        var lines = [
            "vector: \(vector.name)"
        ]
        switch vector.expected {
        case .message: lines.append("expect: valid")
        case .error(let code): lines.append("expect: error \(code.rawValue)")
        }
        lines.append("limits: \(limitsLine(vector.limits))")
        lines.append("frame: \(vector.frame.count) bytes")
        lines.append("situation: \(vector.situation)")
        if case .message(let message) = vector.expected {
            lines.append("")
            lines.append(contentsOf: header(vector.frame))
            lines.append("")
            lines.append("stations: " + VectorCatalog.labels.map { "\($0.0) = \($0.1)" }.joined(separator: ", "))
            lines.append("")
            lines.append(contentsOf: describe(message, version: vector.frame[4]))
            lines.append("")
            let payload = message.payload(version: vector.frame[4])
            lines.append("payload (\(vector.frame[5] & 1 == 1 ? "after inflating" : "as sent")), \(payload.count) bytes:")
            lines.append(hex(payload).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func header(_ frame: [UInt8]) -> [String] {
        func u32(_ at: Int) -> UInt32 { frame[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        let flags = frame[5]
        let kind = MessageKind(rawValue: frame[6]).map(String.init(describing:)) ?? "?"
        return [
            "header:",
            "  magic \(Hex.encode(frame[0..<4])) (\"OUTP\")",
            "  version \(frame[4])",
            "  flags \(Hex.encode([flags])) (\(flags & 1 == 1 ? "deflated" : "stored"))",
            "  type \(frame[6]) (\(kind))",
            "  inflated size \(u32(7))",
            "  size on the wire \(u32(11))",
            "  crc-32 \(Hex.encode(frame[15..<19]))",
        ]
    }

    static func label(_ station: StationID) -> String {
        VectorCatalog.labels.first { $0.1 == station }?.0 ?? station.description
    }

    static func describe(_ message: Message, version: UInt8) -> [String] {
        var lines = ["message: \(message.kind)"]
        switch message {
        case .hello(let hello):
            lines += [
                "  station: \(label(hello.station))", "  code: \(quoted(hello.code))", "  schema: \(hello.schema)",
                "  software: \(quoted(hello.software))",
            ]
        case .welcome(let welcome):
            lines += [
                "  relay: \(label(welcome.relay))", "  head: \(welcome.head)", "  station sequence: \(welcome.stationSequence)",
                "  server time: \(welcome.serverTime) ms (\(Timestamp(milliseconds: welcome.serverTime, counter: 0).isoText))",
                "  schema: \(welcome.schema)",
            ]
        case .push(let push):
            lines += ["  station: \(label(push.station))", "  schema: \(push.schema)"]
            lines += changes(push.changes, version: version)
        case .pushAck(let ack):
            lines += [
                "  durable sequence: \(ack.durableSequence)", "  appended: \(ack.appended)", "  duplicates: \(ack.duplicates)",
                "  head: \(ack.head)",
            ]
        case .pull(let pull):
            lines += ["  cursor: \(pull.cursor)", "  max changes: \(pull.maxChanges)", "  max bytes: \(pull.maxBytes)"]
        case .pullBatch(let batch):
            lines += ["  next cursor: \(batch.nextCursor)", "  more: \(batch.more)"]
            lines += changes(batch.changes, version: version)
        case .snapshotRequest(let request):
            lines += ["  position: \(request.position)", "  chunk: \(request.chunk)"]
        case .snapshotChunk(let chunk):
            lines += ["  position: \(chunk.position)", "  chunk: \(chunk.chunk)", "  last: \(chunk.isLast)", "  stations: \(chunk.stations.count)"]
            for progress in chunk.stations {
                lines.append("    \(label(progress.station)): sequence \(progress.sequence), clock \(clock(progress.clock))")
            }
            lines += changes(chunk.changes, version: version)
        case .stateRequest(let request):
            lines += ["  position: \(request.position)", "  after: \(request.after)"]
        case .stateChunk(let chunk):
            lines += [
                "  position: \(chunk.position)", "  schema: \(chunk.schema)", "  after: \(chunk.after)", "  next: \(chunk.next)",
                "  last: \(chunk.isLast)", "  progress: \(chunk.part.progress.count)",
            ]
            for progress in chunk.part.progress {
                lines.append(
                    "    \(label(progress.station)): sequence \(progress.sequence), clock \(clock(progress.clock)), code \(quoted(progress.code))")
            }
            lines.append("  stations: " + chunk.part.stationIDs.enumerated().map { "\($0.offset) \(label($0.element))" }.joined(separator: ", "))
            lines.append("  rows: \(chunk.part.rows.count)")
            for row in chunk.part.rows {
                lines.append(
                    "    table \(row.table), row \(self.row(row.row)): \(row.values.count) values, merge state \(Hex.encode(row.state))")
            }
            lines += changes(chunk.part.held, version: 1)
        case .error(let error):
            lines += ["  code: \(quoted(error.code))", "  message: \(quoted(error.message))", "  detail: \(error.detail.map(quoted) ?? "none")"]
        case .verifyRequest(let request):
            lines += ["  schema: \(request.schema)"] + vector(request.vector)
            if let range = request.range {
                lines.append(
                    "  range: table \(quoted(range.table)), from \(range.from.map(row) ?? "the start"), to \(range.to.map(row) ?? "the end")")
            } else {
                lines.append("  range: none (the summary)")
            }
        case .verifyReply(let reply):
            lines += ["  schema: \(reply.schema)", "  position: \(reply.position)"] + vector(reply.vector)
            lines.append("  tables: \(reply.tables.count)")
            for table in reply.tables {
                lines.append("    \(quoted(table.table)): \(table.rows) rows, hash \(Fingerprint.text(table.hash))")
            }
            lines.append("  buckets: \(reply.buckets.count)")
            for bucket in reply.buckets {
                lines.append("    table \(bucket.table) from row \(row(bucket.first)): \(bucket.rows) rows, hash \(Fingerprint.text(bucket.hash))")
            }
            lines.append("  rows: \(reply.rows.count)")
            for digest in reply.rows {
                lines.append(
                    "    \(row(digest.row)): values \(Fingerprint.text(digest.values)), state \(Fingerprint.text(digest.state)) (row hash \(Fingerprint.text(digest.hash)))"
                )
            }
            lines.append("  more: \(reply.more)")
        }
        return lines
    }

    static func vector(_ vector: AppliedVector) -> [String] {
        ["  vector: \(vector.entries.count) stations"] + vector.entries.map { "    \(label($0.station)): up to sequence \($0.sequence)" }
    }

    static func row(_ row: RowID) -> String { "\(label(row.station))/\(row.sequence)" }

    static func changes(_ changes: [Change], version: UInt8) -> [String] {
        let batch = version >= 2 ? ChangeBatch.encodeColumns(changes) : ChangeBatch.encode(changes)
        // Version 1's batches are in rows, version 2's in columns (`Protocol/README.md` §3.1).
        let layout = version >= 2 ? ", in columns" : ""
        var lines = ["  changes: \(changes.count) (change batch of \(batch.count) bytes\(layout))"]
        for change in changes {
            let id = "\(label(change.id.station))#\(change.id.sequence)"
            let pred = change.pred.isEmpty ? "none" : change.pred.map { "\(clock($0.clock)) @ \(label($0.station))" }.joined(separator: ", ")
            let row = "\(label(change.row.station))/\(change.row.sequence)"
            let what: String
            var fields = [String]()
            switch change.operation {
            case .create(let created):
                what = "create \(change.table) row \(row)"
                fields = created.map { "      \($0.column) = \(value($0.value))" }
            case .set(let column, let new): what = "set \(change.table) row \(row) \(column) = \(value(new))"
            case .add(let column, let element): what = "add to \(change.table) row \(row) \(column): \(value(element))"
            case .remove(let column, let element): what = "remove from \(change.table) row \(row) \(column): \(value(element))"
            }
            lines.append("    \(id): \(what)")
            lines += fields
            lines.append(
                "      version \(clock(change.version.clock)) @ \(label(change.version.station)); pred \(pred); author \(quoted(change.author)); schema \(change.schema)"
            )
        }
        return lines
    }

    static func clock(_ timestamp: Timestamp) -> String { "\(timestamp) (\(timestamp.isoText))" }

    static func value(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .integer(let integer): "integer \(integer)"
        case .real(let real): "real \(real) (bits \(Hex.encode(withUnsafeBytes(of: real.bitPattern.bigEndian, Array.init))))"
        case .text(let text): "text \(quoted(text)) (\(text.utf8.count) bytes)"
        case .blob(let blob): "blob x'\(Hex.encode(blob))' (\(blob.count) bytes)"
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
