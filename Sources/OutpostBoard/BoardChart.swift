/// A bar chart laid out on the server for the `chart` template, which draws it as inline SVG: no
/// script and no image request, so a chart is as escaped, cached and printable as the page.
///
/// Each group is one label on the axis with one bar per series (cases per day: one series; met
/// and breached per rule: two).
struct BoardChart {
    struct Series {
        var label: String
        var color: String
    }

    struct Group {
        var label: String
        var values: [Int]
    }

    var id: String
    var title: String
    var series: [Series]
    var groups: [Group]
    var height = 220
    /// Bars wide enough for their values, and a chart never narrower than its legend.
    var barWidth = 16
    /// Axis labels are drawn every this many groups (a month's days would overlap).
    var labelEvery = 1

    /// The template's context: every coordinate computed here, every text left for `{{ }}`.
    var context: [String: Any] {
        let left = 8
        let top = 24
        let bottom = 30
        let gap = 8
        let groupWidth = max(1, series.count) * barWidth + gap
        let width = max(left * 2 + groups.count * groupWidth, 80 + series.count * 120)
        let baseline = height - bottom
        let maximum = max(1, groups.flatMap(\.values).max() ?? 1)
        let usable = baseline - top - 12
        var bars = [[String: Any]]()
        var labels = [[String: Any]]()
        for (index, group) in groups.enumerated() {
            let x0 = left + index * groupWidth + gap / 2
            for (offset, value) in group.values.enumerated() where offset < series.count {
                let h = value * usable / maximum
                let x = x0 + offset * barWidth
                bars.append([
                    "x": x, "y": baseline - h, "w": barWidth - 2, "h": h, "color": series[offset].color,
                    "label": "\(group.label) · \(series[offset].label)", "value": value, "cx": x + (barWidth - 2) / 2,
                    "valueY": baseline - h - 2, "showValue": value > 0,
                ])
            }
            if index % max(1, labelEvery) == 0 {
                labels.append(["x": x0 + series.count * barWidth / 2, "y": baseline + 14, "text": group.label])
            }
        }
        let legend: [[String: Any]] = series.enumerated().map { offset, item in
            ["x": left + offset * 120, "textX": left + offset * 120 + 14, "color": item.color, "label": item.label]
        }
        return [
            "id": id, "title": title, "width": width, "height": height, "left": left, "right": width - left, "baseline": baseline,
            "bars": bars, "labels": labels, "legend": legend,
        ]
    }
}
