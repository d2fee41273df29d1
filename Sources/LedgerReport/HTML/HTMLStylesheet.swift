/// The inline stylesheet of every HTML report: no web fonts, no images, nothing fetched.
///
/// Chinese text uses whichever CJK system font the reader has, in the order most likely present on
/// Linux, Windows and macOS desktops; printing keeps the light colours and avoids splitting rows.
enum HTMLStylesheet {
    static let css = """
        :root {
          --red: #d64545; --red-bg: #fdecec; --yellow: #e3a008; --yellow-bg: #fff6dd; --green: #2f9e62; --green-bg: #e6f6ed;
          --ink: #1d2733; --muted: #647184; --line: #e3e8ef; --bg: #f3f5f8; --card: #ffffff; --accent: #1f5f8b; --track: #e8ecf2;
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--bg); color: var(--ink); font-size: 14px; line-height: 1.5;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
            "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          font-variant-numeric: tabular-nums;
        }
        code, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
        .wrap { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
        .band { background: linear-gradient(120deg, #0f2d4d 0%, #1f5f8b 60%, #2a7ab0 100%); color: #fff; padding: 28px 0 64px; }
        .band.audit { background: linear-gradient(120deg, #3b0d14 0%, #7a1f2b 60%, #a1343f 100%); }
        .eyebrow { font-size: 13px; letter-spacing: .12em; opacity: .8; text-transform: uppercase; }
        h1 { margin: 4px 0 18px; font-size: 28px; font-weight: 700; letter-spacing: .02em; }
        .met { color: #1b7f3b; }
        .unmet { color: #b3261e; }
        .meta { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0; font-size: 13px; }
        .meta div { display: flex; gap: 8px; align-items: baseline; }
        .meta dt { opacity: .7; }
        .meta dd { margin: 0; font-weight: 600; }
        .meta code { color: #fff; background: rgba(255,255,255,.14); padding: 1px 6px; border-radius: 4px; }
        .muted-light { opacity: .7; font-weight: 400; }
        main { margin-top: -44px; padding-bottom: 40px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 14px; }
        .card { background: var(--card); border-radius: 12px; padding: 16px 18px; box-shadow: 0 2px 10px rgba(15,45,77,.08); border-top: 4px solid var(--accent); }
        .card.red { border-top-color: var(--red); } .card.yellow { border-top-color: var(--yellow); } .card.green { border-top-color: var(--green); }
        .card .num { font-size: 34px; font-weight: 700; line-height: 1.1; }
        .card.red .num { color: var(--red); } .card.yellow .num { color: #b07b00; } .card.green .num { color: var(--green); }
        .card .lbl { color: var(--muted); margin-top: 4px; display: flex; align-items: center; gap: 6px; }
        .card .sub { color: var(--muted); font-size: 12px; margin-top: 8px; }
        .card .sub .bar { height: 5px; margin-bottom: 4px; }
        .panel { background: var(--card); border-radius: 12px; padding: 18px 20px; margin-top: 18px; box-shadow: 0 2px 10px rgba(15,45,77,.06); }
        h2 { font-size: 18px; margin: 0 0 12px; padding-left: 10px; border-left: 4px solid var(--accent); }
        .audit-page h2 { border-left-color: #a1343f; }
        h3 { font-size: 15px; margin: 18px 0 8px; color: var(--accent); }
        .count { color: var(--muted); font-weight: 400; font-size: 14px; margin-left: 6px; }
        .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; flex: none; }
        .dot.red { background: var(--red); box-shadow: 0 0 0 3px var(--red-bg); }
        .dot.yellow { background: var(--yellow); box-shadow: 0 0 0 3px var(--yellow-bg); }
        .dot.green { background: var(--green); box-shadow: 0 0 0 3px var(--green-bg); }
        .stack { display: flex; height: 12px; border-radius: 6px; overflow: hidden; background: var(--track); margin: 6px 0 10px; }
        .stack span { display: block; height: 100%; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; color: var(--muted); font-size: 13px; }
        .legend b { color: var(--ink); margin-left: 4px; }
        .sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .st-assigned { background: #9aa8ba; } .st-in-progress { background: #3b82c4; } .st-completed { background: var(--green); } .st-delayed { background: #c77c2e; } .st-close-requested { background: #7c6bc4; } .st-closed { background: var(--green); }
        table { width: 100%; border-collapse: collapse; }
        table.fixed { table-layout: fixed; }
        table.fixed td { overflow-wrap: anywhere; }
        th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; padding: 8px 10px; border-bottom: 2px solid var(--line); white-space: nowrap; }
        td { padding: 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        tr.light-red td:first-child { box-shadow: inset 3px 0 0 var(--red); }
        tr.light-yellow td:first-child { box-shadow: inset 3px 0 0 var(--yellow); }
        tr.light-green td:first-child { box-shadow: inset 3px 0 0 var(--green); }
        td.num, th.num { text-align: right; }
        .id { font-weight: 700; color: var(--accent); white-space: nowrap; }
        .title { font-weight: 600; }
        .units { color: var(--muted); font-size: 12px; margin-top: 3px; }
        .nowrap { white-space: nowrap; }
        pre.line { white-space: pre-wrap; word-break: break-all; font-size: 12px; }
        table.record th { width: 9em; }
        .moved { display: block; color: #b4531f; font-size: 12px; }
        .was { color: var(--muted); text-decoration: line-through; font-size: 12px; display: block; }
        .chip { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; white-space: nowrap; color: #fff; }
        .chip.late { display: table; margin-top: 4px; background: var(--yellow-bg); color: #9a6700; border: 1px solid #f0d48a; }
        .progress { min-width: 110px; }
        .bar { height: 8px; border-radius: 4px; background: var(--track); overflow: hidden; }
        .bar span { display: block; height: 100%; border-radius: 4px; }
        .fill-red { background: var(--red); } .fill-yellow { background: var(--yellow); } .fill-green { background: var(--green); }
        .fill-blue { background: #3b82c4; } .fill-done { background: var(--green); }
        .pct { font-size: 12px; color: var(--muted); }
        .light { min-width: 120px; }
        .light .name { display: inline-flex; align-items: center; gap: 8px; font-weight: 600; }
        .reason { color: var(--muted); font-size: 12px; margin-top: 3px; }
        .upd { font-size: 12px; white-space: nowrap; }
        .upd div { color: var(--muted); white-space: normal; }
        .metric { margin-bottom: 8px; }
        .metric:last-child { margin-bottom: 0; }
        .metric .mname { font-size: 12px; }
        .metric .mval { font-size: 12px; color: var(--muted); }
        .metric .mval b { color: var(--ink); }
        .rule { background: #f1f6fb; border: 1px solid #d7e5f2; border-radius: 8px; padding: 8px 12px; color: #2b4a66; font-size: 13px; margin: 0 0 12px; }
        .rank { display: inline-block; min-width: 26px; text-align: center; border-radius: 6px; background: var(--track); font-weight: 700; padding: 1px 6px; }
        .rank.top { background: #1f5f8b; color: #fff; }
        .bad { color: var(--red); font-weight: 700; } .warn { color: #b07b00; font-weight: 700; } .zero { color: #b8c1cc; }
        .plan-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
        .plan-card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
        .plan-card .scope { font-size: 11px; color: var(--muted); }
        .plan-card .pname { font-weight: 600; margin: 2px 0 6px; }
        .plan-card .big { font-size: 22px; font-weight: 700; }
        .plan-card .of { color: var(--muted); font-size: 13px; }
        .plan-card .bar { margin: 8px 0 4px; height: 10px; }
        .muted { color: var(--muted); }
        .highlights { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 12px; }
        .hl { border-radius: 10px; padding: 10px 14px; background: #f7f8fb; border: 1px solid var(--line); }
        .hl .num { font-size: 24px; font-weight: 700; }
        .hl.alert { background: var(--red-bg); border-color: #f5c2c2; } .hl.alert .num { color: var(--red); }
        .hl .lbl { color: var(--muted); font-size: 12px; }
        .pointer { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
        .empty { color: var(--muted); padding: 6px 0; }
        footer { color: var(--muted); font-size: 12px; padding: 8px 24px 36px; }
        footer code { word-break: break-all; }
        @media print {
          @page { size: A4 landscape; margin: 12mm; }
          body { background: #fff; font-size: 11px; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .band { padding: 16px 0 20px; }
          main { margin-top: 12px; }
          .card, .panel { box-shadow: none; border: 1px solid var(--line); }
          .panel { break-inside: auto; }
          tr, .card, .plan-card, .metric { break-inside: avoid; }
          thead { display: table-header-group; }
          h2, h3 { break-after: avoid; }
        }
        """
}
