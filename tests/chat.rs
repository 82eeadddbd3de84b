//! Chat logs and order exports (seed 003): every chat KPI against the golden figures of an
//! independent script (`tests/golden/chat.py`, written from the definitions, not from the engine),
//! on a hand-checkable fixture (a buyer who orders twice, an order with no 客服, a session the 客服
//! never answers, messages across midnight, a system message, a follow-up 客服 message) and on a
//! generated week; Chinese (GBK) and English headers give the same report; the rule switches.

mod common;

use callscore::{AgentRow, OrderAttribution, Report, Settings};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/chat/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn golden(name: &str) -> Value {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden file")).expect("json")
}

fn run(settings: &Settings, files: &[(&str, &[u8])]) -> Report {
    common::analyse_chunked(settings, files, &[7, 1 << 16, 1, 300])
}

const IDS: [&str; 14] = [
    "buyers_served",
    "chat_sessions",
    "buyer_messages",
    "first_response_time",
    "avg_response_time",
    "response_rate",
    "inquiry_conversion",
    "orders_placed",
    "orders_paid",
    "paid_amount",
    "avg_order_value",
    "items_per_order",
    "unpaid_order_rate",
    "typing_speed",
];

/// Every KPI of a golden row equals the report row's (to 1e-9, relative).
fn same(what: &str, want: &Value, got: &Value) {
    for id in IDS.iter().chain(["max_concurrent_sessions"].iter()) {
        let Some(w) = want.get(*id) else { continue };
        let g = &got[*id];
        match (w.as_f64(), g.as_f64()) {
            (Some(w), Some(g)) => {
                assert!((w - g).abs() <= 1e-9 * w.abs().max(1.0), "{what} {id}: golden {w}, engine {g}")
            }
            _ => assert_eq!(w, g, "{what} {id}"),
        }
    }
}

fn check(r: &Report, g: &Value) {
    let v = serde_json::to_value(r).unwrap();
    same("totals", &g["totals"], &v["totals"]);
    let agents: Vec<&AgentRow> = r.by_agent.iter().filter(|a| a.chat.chat_sessions.unwrap_or(0) > 0).collect();
    assert_eq!(agents.len(), g["agents"].as_object().unwrap().len(), "客服 with sessions");
    for (name, want) in g["agents"].as_object().unwrap() {
        let row = v["by_agent"].as_array().unwrap().iter().find(|a| a["agent"] == name.as_str()).expect(name);
        same(&format!("agent {name}"), want, row);
    }
    for (team, want) in g["teams"].as_object().unwrap() {
        let row = v["by_team"].as_array().unwrap().iter().find(|a| a["team"] == team.as_str()).expect(team);
        same(&format!("team {team}"), want, row);
    }
    for (day, want) in g["days"].as_object().unwrap() {
        let row = v["by_day"].as_array().unwrap().iter().find(|a| a["day"] == day.as_str()).expect(day);
        same(&format!("day {day}"), want, row);
    }
    assert_eq!(r.chat.as_ref().unwrap().orders_unattributed, g["unattributed_orders"].as_u64().unwrap());
}

#[test]
fn the_fixture_equals_the_golden_script_in_every_row() {
    let (chat, orders) = (fixture("chat_en.csv"), fixture("orders_en.csv"));
    let g = golden("chat_fixture.json");
    let r = run(&Settings::default(), &[("chat.csv", &chat), ("orders.csv", &orders)]);
    assert_eq!((r.inputs[0].profile, r.inputs[1].profile), (Some("chat"), Some("orders")));
    for f in &r.inputs {
        assert_eq!((f.rows_read, f.rows_rejected), (f.rows_used + f.rows_skipped, 0), "{}", f.file);
    }
    check(&r, &g["same_day"]);
    // Hand checks (see the fixture): Amy answered runs of 20, 45, 30 and 10 s; the buyer of s3 wrote at
    // 23:59:30 and Ben replied at 00:00:10 the next day (40 s, on the first day); B1 ordered twice
    // (O1 after Amy's chat, O2 after Ben's); O4 names no 客服 and its buyer never chatted.
    let amy = r.by_agent.iter().find(|a| a.agent.as_deref() == Some("Amy")).unwrap();
    assert_eq!(amy.chat.avg_response_time, Some(26.25));
    assert_eq!(amy.chat.max_concurrent_sessions, Some(2));
    assert_eq!((amy.chat.orders_placed, amy.chat.orders_paid), (Some(3), Some(2)));
    let ben = r.by_agent.iter().find(|a| a.agent.as_deref() == Some("Ben")).unwrap();
    assert_eq!(ben.chat.response_rate, Some(0.5), "the session Ben never answered counts against him");
    assert_eq!(ben.chat.inquiry_conversion, Some(0.5), "B3 paid the next day: not a same-day conversion");
    assert!(r.notes.iter().any(|n| n.code() == "note.orders_unattributed"));
    // The period total's chat KPIs sit beside the call KPIs in the same row.
    assert_eq!(r.totals.answered, 0);
    assert_eq!(r.totals.chat.buyers_served, Some(4));
}

#[test]
fn a_24_hour_window_converts_the_buyer_who_paid_after_midnight() {
    let (chat, orders) = (fixture("chat_en.csv"), fixture("orders_en.csv"));
    let settings = Settings { conversion_window_h: 24, ..Settings::default() };
    let r = run(&settings, &[("chat.csv", &chat), ("orders.csv", &orders)]);
    check(&r, &golden("chat_fixture.json")["window_24h"]);
    let ben = r.by_agent.iter().find(|a| a.agent.as_deref() == Some("Ben")).unwrap();
    assert_eq!(ben.chat.inquiry_conversion, Some(1.0));
    assert_eq!(r.definitions["inquiry_conversion"].code, "formula.inquiry_conversion.hours");
}

#[test]
fn chinese_gbk_headers_give_the_same_report_as_english_ones() {
    let en = run(&Settings::default(), &[("c.csv", &fixture("chat_en.csv")), ("o.csv", &fixture("orders_en.csv"))]);
    let zh = run(&Settings::default(), &[("c.csv", &fixture("chat_zh.csv")), ("o.csv", &fixture("orders_zh.csv"))]);
    assert_eq!(zh.inputs[0].encoding, Some("GBK/GB18030"));
    assert_eq!(common::kpi_json(&en), common::kpi_json(&zh));
}

#[test]
fn the_attribution_rule_is_switchable() {
    let (chat, orders) = (fixture("chat_en.csv"), fixture("orders_en.csv"));
    let files: [(&str, &[u8]); 2] = [("c.csv", &chat), ("o.csv", &orders)];
    let placed = |rule: OrderAttribution| -> (Option<u64>, Option<u64>, u64) {
        let r = run(&Settings { order_attribution: rule, ..Settings::default() }, &files);
        let of = |n: &str| r.by_agent.iter().find(|a| a.agent.as_deref() == Some(n)).unwrap().chat.orders_placed;
        (of("Amy"), of("Ben"), r.chat.as_ref().unwrap().orders_unattributed)
    };
    // Named, else the last 客服 who chatted: O1, O5 → Amy and O2 → Ben by chat; O3, O6 named; O4 nobody.
    assert_eq!(placed(OrderAttribution::NamedThenChat), (Some(3), Some(2), 1));
    // Named only: O3 (Ben) and O6 (Amy); the other four belong to nobody.
    assert_eq!(placed(OrderAttribution::Named), (Some(1), Some(1), 4));
    // The last chat always: O3 names Ben, but its buyer's chat began the day before (outside the
    // window), so it belongs to nobody; O6's buyer last heard from Amy, who is also named on it.
    assert_eq!(placed(OrderAttribution::LastChat), (Some(3), Some(1), 2));
}

#[test]
fn a_generated_week_equals_the_golden_script() {
    let opts = callscore::sample::SampleOptions { days: 7, seed: 5, ..Default::default() };
    let (chat, orders, summary) = callscore::sample::write_chat(&opts);
    let g = golden("chat_sample_7d_seed5.json");
    assert_eq!(
        (summary.messages, summary.orders),
        (g["message_rows"].as_u64().unwrap(), g["order_rows"].as_u64().unwrap()),
        "the generator changed: regenerate tests/golden/chat_sample_7d_seed5.json (see tests/golden/chat.py)"
    );
    let r = run(&Settings::default(), &[("sample-chat.csv", &chat), ("sample-orders.csv", &orders)]);
    check(&r, &g);
    // The seed's table: every hour with chat, the top converters, and where they are missing.
    let hours = &r.chat.as_ref().unwrap().conversion_hours;
    assert!(!hours.top_converters.is_empty() && hours.hours.iter().any(|h| h.busy));
}

#[test]
fn a_chat_log_is_not_taken_for_call_records_and_its_text_is_not_kept() {
    let chat = fixture("chat_en.csv");
    let r = run(&Settings::default(), &[("chat.csv", &chat)]);
    assert_eq!(r.inputs[0].profile, Some("chat"));
    assert_eq!(r.totals.offered, Some(0));
    assert!(r.notes.iter().any(|n| n.code() == "note.chat_no_orders"));
    assert_eq!(r.totals.chat.inquiry_conversion, None, "no orders: no conversion");
    let json = serde_json::to_string(&r).unwrap();
    for text in ["Is this in stock", "change the address", "Anything else"] {
        assert!(!json.contains(text), "message text {text:?} reached the report");
    }
}

#[test]
fn an_agent_metrics_file_with_chinese_headers_scores_on_the_chat_card_like_an_english_one() {
    // A shop tool's monthly export: 客服 as the agent column, the seed's metrics by their Chinese names.
    let zh = "客服,询单转化率,客单价,流单率,首次响应时间,平均响应时间,响应率\n小美,65%,158.5,4%,12,20,98%\n小王,30%,120,20%,45,50,85%\n";
    let en =
        "agent,inquiry_conversion,avg_order_value,unpaid_rate,first_response_time,avg_response_time,response_rate\n\
              小美,0.65,158.5,0.04,12,20,0.98\n小王,0.3,120,0.2,45,50,0.85\n";
    let card = Settings { scorecard: Some(callscore::preset("chat").unwrap()), ..Settings::default() };
    let score = |text: &str| {
        let r = run(&card, &[("metrics.csv", text.as_bytes())]);
        assert_eq!(r.inputs[0].profile, Some("ratings"), "{:?}", r.inputs[0].profile_reason);
        let sc = r.scorecard.unwrap();
        sc.agents.iter().map(|a| (a.agent.clone(), (a.total * 1e6).round() / 1e6)).collect::<Vec<_>>()
    };
    let (zh, en) = (score(zh), score(en));
    assert_eq!(zh, en);
    assert!(zh.iter().all(|(_, t)| *t > 0.0), "scored, not 0 for everyone: {zh:?}");
    assert!(zh[1].1 > zh[0].1, "小美 (after 小王 by name) converts and answers better: {zh:?}");
}
