#!/usr/bin/env python3
"""Golden chat and order KPIs (seed 003), from the definitions of issue 15 and the catalogue's
formulas, with the Python standard library only. It reads the files itself and shares no code with
the engine.

Definitions (exactly what is computed below)
--------------------------------------------
Messages: one row each (time, session, buyer, 客服, team, sender, text). Sender buyer/买家,
agent/客服, system/系统; system rows are ignored. The text is used only for its length (characters).
* A session is the rows of one session id, in time order (rows of the same second keep file order).
  Its day and hour are those of its first buyer or 客服 row.
* A run is the buyer messages between two 客服 messages. The 客服 message right after a run answers
  it: response time = that message's time - the run's first message's time; the run's buyer messages
  are answered. A run still open when the session ends is unanswered.
* first_response_time = mean over sessions whose first run was answered of that run's response time,
  credited to the 客服 who replied. avg_response_time = mean over answered runs.
  response_rate = answered buyer messages / buyer messages. Answered buyer messages count for the 客服
  who replied; unanswered ones for the last 客服 who wrote in the session, else the 客服 named on the
  run's buyer rows, else nobody (totals and days only).
* Typing speed (estimate) = sum of characters of the 客服 messages that answer a run / sum of minutes
  from the run's last buyer message to that reply, for replies within 300 s.
* A session belongs to each 客服 who wrote in it; a session nobody answered belongs to the 客服 its
  unanswered messages count for. chat_sessions counts sessions per 客服 / team (once) / day / total.
* buyers_served = distinct buyers of sessions in which a 客服 wrote (per 客服: in which they wrote).
* inquiry_conversion = served buyers with a paid order whose payment time is in [session start, end of
  the session's day] (same-day window; or start + N hours) / buyers served, per row.
* Orders: paid = a payment time (else a paid status). An order belongs to the 客服 named on it, else
  to the 客服 who wrote to the buyer last at or before the order time, among messages of sessions that
  began on the order's day at or before it (same-day window; or within N hours before). Orders count
  on the day they were placed. avg_order_value = amount of paid orders / paid orders; items_per_order =
  items of paid orders / paid orders; unpaid_order_rate = placed and not paid / placed.
* max_concurrent_sessions per 客服 = most of their sessions (those they wrote in) open at one instant,
  a session open from its first to its last row, both ends included.
* Teams: the team column of the 客服's rows.

Run from the repository root: python3 tests/golden/chat.py  (writes chat_fixture.json for
tests/data/chat/*_en.csv; the Chinese files must give the same figures).
"""
import csv
import json
import os
import sys
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "chat")

BUYER = {"buyer", "买家"}
AGENT = {"agent", "客服"}
SYSTEM = {"system", "系统"}
PAID_WORDS = {"paid", "交易成功", "买家已付款"}
HEADERS = {
    "时间": "time", "会话ID": "session_id", "买家": "buyer", "客服": "agent", "班组": "team", "发送方": "sender",
    "消息内容": "message", "订单号": "order_id", "下单时间": "order_time", "付款时间": "paid_time", "金额": "amount",
    "件数": "items", "订单状态": "status",
}


def read(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gbk")
    rows = list(csv.reader(text.splitlines()))
    head = [HEADERS.get(h, h) for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if r]


def ts(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


class Row:
    def __init__(self):
        self.sessions = 0
        self.served = set()
        self.converted = set()
        self.buyer_messages = 0
        self.answered = 0
        self.first = []
        self.responses = []
        self.chars = 0
        self.typing_s = 0
        self.placed = 0
        self.paid = 0
        self.amount = 0.0
        self.items = 0

    def out(self):
        div = lambda a, b: a / b if b else None
        return {
            "buyers_served": len(self.served),
            "chat_sessions": self.sessions,
            "buyer_messages": self.buyer_messages,
            "first_response_time": div(sum(self.first), len(self.first)),
            "avg_response_time": div(sum(self.responses), len(self.responses)),
            "response_rate": div(self.answered, self.buyer_messages),
            "inquiry_conversion": div(len(self.converted), len(self.served)),
            "orders_placed": self.placed,
            "orders_paid": self.paid,
            "paid_amount": round(self.amount, 2),
            "avg_order_value": div(self.amount, self.paid),
            "items_per_order": div(self.items, self.paid),
            "unpaid_order_rate": div(self.placed - self.paid, self.placed),
            "typing_speed": div(self.chars, self.typing_s / 60),
        }


def compute(chat_path, orders_path, window_h=0):
    msgs = read(chat_path)
    orders = read(orders_path)
    for i, m in enumerate(msgs):
        m["t"] = ts(m["time"])
        m["i"] = i
    sessions = {}
    for m in msgs:
        if m["sender"] in SYSTEM:
            continue
        sessions.setdefault(m["session_id"], []).append(m)
    teams = {}
    for m in msgs:
        if m["sender"] in AGENT and m["team"]:
            teams[m["agent"]] = m["team"]

    def window_end(start):
        if window_h:
            return start + timedelta(hours=window_h)
        return datetime(start.year, start.month, start.day) + timedelta(days=1) - timedelta(microseconds=1)

    paid_times = {}
    for o in orders:
        if o["paid_time"]:
            paid_times.setdefault(o["buyer"], []).append(ts(o["paid_time"]))
        elif o["status"] in PAID_WORDS:
            paid_times.setdefault(o["buyer"], []).append(ts(o["order_time"]))

    total, agents, team_rows, days = Row(), {}, {}, {}
    concurrency = {}
    agent_msgs = {}  # buyer -> [(t, agent, session start)]

    def groups(day, agent):
        out = [total, days.setdefault(day, Row())]
        if agent:
            out.append(agents.setdefault(agent, Row()))
            if agent in teams:
                out.append(team_rows.setdefault(teams[agent], Row()))
        return out

    for sid, ms in sessions.items():
        ms.sort(key=lambda m: (m["t"], m["i"]))
        start, end = ms[0]["t"], ms[-1]["t"]
        day = start.date().isoformat()
        buyer = next((m["buyer"] for m in ms if m["buyer"]), sid)
        run = []
        first_run = True
        last_agent = None
        writers = []
        for m in ms:
            if m["sender"] in BUYER:
                run.append(m)
                continue
            agent = m["agent"]
            if run:
                resp = (m["t"] - run[0]["t"]).total_seconds()
                gap = (m["t"] - run[-1]["t"]).total_seconds()
                for g in groups(day, agent):
                    g.responses.append(resp)
                    g.buyer_messages += len(run)
                    g.answered += len(run)
                    if first_run:
                        g.first.append(resp)
                    if 0 < gap <= 300:
                        g.chars += len(m["message"])
                        g.typing_s += gap
                first_run = False
                run = []
            last_agent = agent
            if agent not in writers:
                writers.append(agent)
            agent_msgs.setdefault(buyer, []).append((m["t"], agent, start))
        owner = None
        if run:
            owner = last_agent or next((m["agent"] for m in run if m["agent"]), None)
            for g in groups(day, owner):
                g.buyer_messages += len(run)
        paid = paid_times.get(buyer, [])
        converted = any(start <= p <= window_end(start) for p in paid)
        members = writers or ([owner] if owner else [])
        total.sessions += 1
        days.setdefault(day, Row()).sessions += 1
        if writers:
            for g in (total, days[day]):
                g.served.add(buyer)
                if converted:
                    g.converted.add(buyer)
        seen_teams = set()
        for a in members:
            r = agents.setdefault(a, Row())
            r.sessions += 1
            team = teams.get(a)
            if team and team not in seen_teams:
                team_rows.setdefault(team, Row()).sessions += 1
                seen_teams.add(team)
            if a in writers:
                r.served.add(buyer)
                if converted:
                    r.converted.add(buyer)
                if team:
                    team_rows[team].served.add(buyer)
                    if converted:
                        team_rows[team].converted.add(buyer)
                concurrency.setdefault(a, []).append((start, end))

    unattributed_orders = 0
    for o in orders:
        placed = ts(o["order_time"])
        agent = o["agent"] or None
        if not agent:
            best = None
            for t, a, s in agent_msgs.get(o["buyer"], []):
                if t <= placed and s <= placed <= window_end(s) and (best is None or t >= best[0]):
                    best = (t, a)
            agent = best[1] if best else None
        if agent is None:
            unattributed_orders += 1
        is_paid = bool(o["paid_time"]) or o["status"] in PAID_WORDS
        for g in groups(placed.date().isoformat(), agent):
            g.placed += 1
            if is_paid:
                g.paid += 1
                g.amount += float(o["amount"])
                g.items += int(o["items"])

    def most(spans):
        best = 0
        for a, _ in spans:
            best = max(best, sum(1 for s, e in spans if s <= a <= e))
        return best

    out_agents = {}
    for a, r in agents.items():
        row = r.out()
        row["max_concurrent_sessions"] = most(concurrency.get(a, []))
        out_agents[a] = row
    return {
        "totals": total.out(),
        "agents": out_agents,
        "teams": {t: r.out() for t, r in team_rows.items()},
        "days": {d: r.out() for d, r in days.items()},
        "unattributed_orders": unattributed_orders,
        "message_rows": len(msgs),
        "order_rows": len(orders),
    }


def main():
    out = {
        "source": "tests/data/chat/chat_en.csv + orders_en.csv",
        "same_day": compute(os.path.join(DATA, "chat_en.csv"), os.path.join(DATA, "orders_en.csv")),
        "window_24h": compute(os.path.join(DATA, "chat_en.csv"), os.path.join(DATA, "orders_en.csv"), 24),
    }
    zh = compute(os.path.join(DATA, "chat_zh.csv"), os.path.join(DATA, "orders_zh.csv"))
    assert zh == out["same_day"], "the Chinese files give other figures"
    # Generated files, when given: chat.py CHAT ORDERS NAME writes NAME.json. The generated sample of
    # the tests: callscore sample --channel chat --days 7 --seed 5 -o DIR, then
    # python3 tests/golden/chat.py DIR/sample-chat.csv DIR/sample-orders.csv chat_sample_7d_seed5
    if len(sys.argv) == 4:
        json.dump(compute(sys.argv[1], sys.argv[2]), open(os.path.join(HERE, sys.argv[3] + ".json"), "w"),
                  indent=1, ensure_ascii=False, sort_keys=True)
        return
    json.dump(out, open(os.path.join(HERE, "chat_fixture.json"), "w"), indent=1, ensure_ascii=False, sort_keys=True)
    print(json.dumps(out["same_day"]["totals"], indent=1))


if __name__ == "__main__":
    main()
