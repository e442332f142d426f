/// The board's Mustache templates, as Swift string constants compiled into the target rather than
/// resource files: nothing to locate at run time (`Bundle.module` differs between a build folder,
/// an installed binary and a static executable), and a template that does not parse fails the
/// board's construction, which every test exercises.
///
/// `{{ }}` escapes HTML; the templates never use `{{{ }}}` or `{{& }}`, so every text a person
/// wrote (names, titles, notes, values) reaches the page as text.
enum BoardTemplates {
    /// Every template by name, for `MustacheLibrary`.
    static let all: [String: String] = [
        "layout": layout, "sign-in": signIn, "message": message, "stations": stations, "deadlines": deadlines,
        "conflicts": conflicts, "reports": reports, "chart": chart, "search": search, "station-select": stationSelect,
    ]

    /// The station filter the deadlines, conflicts and reports pages share.
    static let stationSelect = """
        <label>{{t.station}}<select name="station"><option value="">{{t.all}}</option>
        {{#stationOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/stationOptions}}</select></label>
        """

    /// The page around every view: navigation, the language switch, the sign-out button.
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{t.htmlLang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{t.board}}</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "Noto Sans", "Helvetica Neue", Arial, sans-serif; margin: 0; color: #1d2430; background: #f5f6f8; }
        header { background: #1f3a5f; color: #fff; padding: 10px 24px; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
        header a { color: #dfe8f5; text-decoration: none; }
        header a.current { color: #fff; font-weight: bold; border-bottom: 2px solid #ffc857; }
        header .who { margin-left: auto; display: flex; gap: 12px; align-items: center; }
        header form { margin: 0; }
        header button { background: transparent; color: #dfe8f5; border: 1px solid #dfe8f5; border-radius: 3px; cursor: pointer; }
        main { padding: 16px 24px; }
        h1 { font-size: 1.4em; margin: 4px 0 12px; }
        h2 { font-size: 1.1em; margin: 18px 0 8px; }
        table { border-collapse: collapse; background: #fff; width: 100%; }
        th, td { border-bottom: 1px solid #e1e4ea; padding: 5px 8px; text-align: left; vertical-align: top; font-size: 0.92em; }
        th { background: #eef1f5; white-space: nowrap; }
        td.case-number { white-space: nowrap; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .breached { color: #b3261e; font-weight: bold; }
        .soon { color: #8a5a00; }
        .muted { color: #69707d; }
        .error { background: #fdecea; border: 1px solid #f5c2bd; padding: 8px 12px; }
        form.filters { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; margin-bottom: 12px; }
        form.filters label { display: flex; flex-direction: column; font-size: 0.85em; }
        code { background: #eef1f5; padding: 1px 4px; border-radius: 3px; }
        .charts { display: flex; gap: 18px; flex-wrap: wrap; }
        .charts figure { background: #fff; margin: 0; padding: 8px; border: 1px solid #e1e4ea; }
        .figures { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
        .figures div { background: #fff; border: 1px solid #e1e4ea; padding: 8px 14px; }
        .figures b { display: block; font-size: 1.4em; }
        </style>
        </head>
        <body>
        <header>
        <strong>{{t.board}}</strong>
        {{#nav}}<a href="{{href}}"{{#current}} class="current"{{/current}}>{{label}}</a>{{/nav}}
        <span class="who">
        <a href="{{switchHref}}">{{t.switchLanguage}}</a>
        {{#supervisor}}<span>{{supervisor}}</span>
        <form method="post" action="/board/sign-out"><button type="submit">{{t.signOut}}</button></form>{{/supervisor}}
        </span>
        </header>
        <main>
        <h1>{{title}}</h1>
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

    static let signIn = """
        {{<layout}}{{$content}}
        {{#error}}<p class="error" id="error">{{error}}</p>{{/error}}
        <form method="post" action="/board/sign-in">
        <p><label>{{t.tokenLabel}}<br><input type="password" name="token" size="70" autocomplete="off" autofocus></label></p>
        <p><button type="submit">{{t.signIn}}</button></p>
        </form>
        <p class="muted">{{t.signInHelp}}</p>
        {{/content}}{{/layout}}
        """

    /// A refusal or a bad request: the reason, and where to go next.
    static let message = """
        {{<layout}}{{$content}}
        <p class="error" id="error">{{error}}</p>
        <p><a href="{{back}}">{{t.back}}</a></p>
        {{/content}}{{/layout}}
        """

    static let stations = """
        {{<layout}}{{$content}}
        <p>{{t.logEnd}}: <b id="head">{{head}}</b> · {{t.replicaAt}}: {{replicaPosition}} · {{t.timesIn}} {{zone}}</p>
        <table id="stations">
        <tr><th>{{t.station}}</th><th>{{t.name}}</th><th>{{t.state}}</th><th>{{t.lastSeen}}</th><th class="n">{{t.pushed}}</th>
        <th class="n">{{t.cursor}}</th><th class="n">{{t.behind}}</th><th>{{t.schema}}</th><th>{{t.lastError}}</th></tr>
        {{#stations}}<tr>
        <td>{{code}}</td><td>{{name}}</td><td>{{state}}</td><td>{{lastSeen}}</td><td class="n">{{pushed}}</td>
        <td class="n">{{cursor}}</td><td class="n">{{behind}}</td><td>{{schema}}</td>
        <td>{{#lastError}}<span class="breached">{{lastError}}</span> <span class="muted">{{lastErrorAt}}</span>{{/lastError}}</td>
        </tr>{{/stations}}
        </table>
        {{^stations}}<p>{{t.noStations}}</p>{{/stations}}
        {{/content}}{{/layout}}
        """

    static let deadlines = """
        {{<layout}}{{$content}}
        <form class="filters" method="get" action="/board/deadlines">
        {{>station-select}}
        <label>{{t.rule}}<select name="rule"><option value="">{{t.all}}</option>
        {{#ruleOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/ruleOptions}}</select></label>
        <label>{{t.severity}}<select name="severity"><option value="">{{t.all}}</option>
        {{#severityOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/severityOptions}}</select></label>
        <button type="submit">{{t.filter}}</button>
        </form>
        <p><span id="overdue-count" class="breached">{{overdue}}</span> {{t.overdueCases}} · <span id="soon-count" class="soon">{{soon}}</span> {{t.dueSoonCases}}
        · {{t.shown}} {{shown}} / <span id="total">{{total}}</span> · <span class="muted">{{t.computedAt}} {{computedAt}}</span></p>
        <table id="deadlines">
        <tr><th>{{t.caseNumber}}</th><th>{{t.station}}</th><th>{{t.titleColumn}}</th><th>{{t.customer}}</th><th>{{t.severity}}</th>
        <th>{{t.status}}</th><th>{{t.assignee}}</th><th>{{t.deadline}}</th></tr>
        {{#rows}}<tr>
        <td class="case-number">{{number}}</td><td>{{station}}</td><td>{{title}}</td><td>{{customer}}</td><td>{{severity}}</td><td>{{status}}</td><td>{{assignee}}</td>
        <td>{{#clocks}}<div class="{{css}}">{{rule}}: {{state}} · {{due}}</div>{{/clocks}}</td>
        </tr>{{/rows}}
        </table>
        {{^rows}}<p>{{t.noDeadlines}}</p>{{/rows}}
        {{/content}}{{/layout}}
        """

    static let conflicts = """
        {{<layout}}{{$content}}
        <form class="filters" method="get" action="/board/conflicts">
        {{>station-select}}
        <button type="submit">{{t.filter}}</button>
        </form>
        <p><span id="conflict-count">{{count}}</span> {{t.openConflictsCount}} · {{t.shown}} {{shown}}</p>
        {{#conflicts}}<section class="conflict" id="conflict-{{id}}">
        <h2>{{label}} · {{field}} <span class="muted">{{id}}</span></h2>
        <table>
        <tr><th>#</th><th>{{t.value}}</th><th>{{t.station}}</th><th>{{t.madeBy}}</th><th>{{t.editedAt}}</th><th>{{t.settleWith}}</th></tr>
        {{#values}}<tr><td>{{index}}</td><td>{{value}}</td><td>{{station}}</td><td>{{staff}}</td><td>{{edited}}</td><td><code>{{command}}</code></td></tr>{{/values}}
        </table>
        <p>{{t.shownValue}}: <b>{{shown}}</b> ({{policy}}) · {{t.keepShown}}: <code>{{keepCommand}}</code></p>
        </section>{{/conflicts}}
        {{^conflicts}}<p>{{t.noConflicts}}</p>{{/conflicts}}
        {{/content}}{{/layout}}
        """

    static let reports = """
        {{<layout}}{{$content}}
        <form class="filters" method="get" action="/board/reports">
        <label>{{t.period}}<select name="period">{{#periodOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/periodOptions}}</select></label>
        <label>{{t.from}}<input type="date" name="from" value="{{fromValue}}"></label>
        <label>{{t.to}}<input type="date" name="to" value="{{toValue}}"></label>
        {{>station-select}}
        <button type="submit">{{t.filter}}</button>
        </form>
        <p id="period">{{from}} – {{to}}{{#station}} · {{station}}{{/station}}</p>
        <div class="figures">
        <div>{{t.opened}}<b id="opened">{{opened}}</b></div>
        <div>{{t.closed}}<b id="closed">{{closed}}</b></div>
        <div>{{t.firstContact}}<b id="first-contact">{{firstContact}}</b></div>
        <div>{{t.surveys}}<b id="surveys">{{surveys}}</b>{{t.average}} {{surveyAverage}}</div>
        <div>{{t.followUps}}<b id="follow-ups">{{followUps}}</b></div>
        <div>{{t.warrantyRepairs}}<b id="warranty">{{warranty}}</b></div>
        <div>{{t.openConflicts}}<b id="open-conflicts">{{openConflicts}}</b></div>
        </div>
        <div class="charts">
        {{#charts}}<figure id="chart-{{id}}"><figcaption>{{title}}</figcaption>{{>chart}}</figure>{{/charts}}
        </div>
        <h2>{{t.deadlinesPerRule}}</h2>
        <table id="sla">
        <tr><th>{{t.rule}}</th><th class="n">{{t.met}}</th><th class="n">{{t.breachedColumn}}</th><th class="n">{{t.medianMinutes}}</th></tr>
        {{#sla}}<tr><td>{{rule}}</td><td class="n">{{met}}</td><td class="n">{{breached}}</td><td class="n">{{median}}</td></tr>{{/sla}}
        </table>
        {{#groups}}<h2>{{title}}</h2>
        <table>{{#counts}}<tr><td>{{key}}</td><td class="n">{{count}}</td></tr>{{/counts}}</table>{{/groups}}
        {{/content}}{{/layout}}
        """

    /// An SVG bar chart drawn on the server: bars, axis labels and a legend, every label escaped.
    static let chart = """
        <svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{title}}">
        <line x1="{{left}}" y1="{{baseline}}" x2="{{right}}" y2="{{baseline}}" stroke="#888"/>
        {{#bars}}<rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" fill="{{color}}"><title>{{label}}: {{value}}</title></rect>
        {{#showValue}}<text x="{{cx}}" y="{{valueY}}" font-size="10" text-anchor="middle">{{value}}</text>{{/showValue}}{{/bars}}
        {{#labels}}<text x="{{x}}" y="{{y}}" font-size="10" text-anchor="middle">{{text}}</text>{{/labels}}
        {{#legend}}<rect x="{{x}}" y="4" width="10" height="10" fill="{{color}}"/><text x="{{textX}}" y="13" font-size="11">{{label}}</text>{{/legend}}
        </svg>
        """

    static let search = """
        {{<layout}}{{$content}}
        <form class="filters" method="get" action="/board/search">
        <label>{{t.searchLabel}}<input type="search" name="q" value="{{query}}" size="40"></label>
        <button type="submit">{{t.searchButton}}</button>
        </form>
        {{#case}}<h2>{{t.caseNumber}} <span class="case-number">{{number}}</span></h2>
        <table id="case">
        <tr><th>{{t.titleColumn}}</th><td>{{title}}</td></tr>
        <tr><th>{{t.customer}}</th><td>{{customer}}</td></tr>
        <tr><th>{{t.status}}</th><td>{{status}}</td></tr>
        <tr><th>{{t.severity}}</th><td>{{severity}}</td></tr>
        <tr><th>{{t.assignee}}</th><td>{{assignee}}</td></tr>
        <tr><th>{{t.openedAt}}</th><td>{{created}}</td></tr>
        <tr><th>{{t.deadline}}</th><td>{{#clocks}}<div class="{{css}}">{{rule}}: {{state}} · {{due}}</div>{{/clocks}}</td></tr>
        </table>{{/case}}
        {{#searched}}<h2>{{t.customers}} (<span id="customer-count">{{customerCount}}</span>)</h2>
        <table id="customers">
        <tr><th>{{t.name}}</th><th>{{t.phones}}</th><th>{{t.emails}}</th><th>{{t.cases}}</th></tr>
        {{#customers}}<tr><td class="customer-name">{{name}}{{#contact}} <span class="muted">({{contact}})</span>{{/contact}} <span class="muted">{{id}}</span></td>
        <td>{{phones}}</td><td>{{emails}}</td><td>{{#cases}}<div><a href="/board/search?q={{number}}">{{number}}</a> {{title}} <span class="muted">{{status}}</span></div>{{/cases}}</td></tr>{{/customers}}
        </table>
        {{^customers}}{{^case}}<p>{{t.nothingFound}}</p>{{/case}}{{/customers}}{{/searched}}
        {{/content}}{{/layout}}
        """
}
