#!/usr/bin/env python3
"""Golden figures for weeks, months and filters, computed without the engine.

Written from the definitions alone (spec/kpis.md; the Anonymous Bank rules in README.md of this
folder; ISO 8601 weeks; the PwC file's own columns). Python 3 standard library only.

    python3 tests/golden/periods.py      # writes tests/golden/periods.json

PwC "Call Centre Trends" (pwc_call_centre_trends/Call-Center-Dataset.csv), per calendar month and
per agent and month:
  offered = rows; answered = `Answered (Y/N)` is Y; ASA = sum of `Speed of answer in seconds` over
  answered rows / answered; avg talk = sum of `AvgTalkDuration` (H:MM:SS) over answered rows /
  answered. The month is the month of the `Date` column (1-Jan-21 → 2021-01).

Anonymous Bank February 1999, per ISO week (Monday first, `YYYY-Www`):
  the classification of anonymous_bank.py (offered = AGENT + queued HANG; wait = q_time when queued,
  else 0 for AGENT; SL = answered with wait ≤ 20 / offered; avg talk = ser_time / answered).

A filter: queue (`type`) PS and the ISO week 1999-W06 (8–14 February), hand-filtered: the same
figures over the rows left, and answered per agent (NO_SERVER is no agent).
"""

import csv
import datetime
import json
import os
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.environ.get("CALLSCORE_DATASETS", os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "datasets")))


def ratio(n, d):
    return None if d == 0 else n / d


def hms(s):
    h, m, sec = (int(x) for x in s.split(":"))
    return h * 3600 + m * 60 + sec


def pwc():
    months = defaultdict(lambda: {"offered": 0, "answered": 0, "speed": 0, "talk": 0})
    agents = defaultdict(lambda: defaultdict(lambda: {"offered": 0, "answered": 0, "speed": 0, "talk": 0}))
    path = os.path.join(DATASETS, "pwc_call_centre_trends", "Call-Center-Dataset.csv")
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            day = datetime.datetime.strptime(row["Date"], "%d-%b-%y").date()
            month = "%04d-%02d" % (day.year, day.month)
            for acc in (months[month], agents[row["Agent"]][month]):
                acc["offered"] += 1
                if row["Answered (Y/N)"] == "Y":
                    acc["answered"] += 1
                    acc["speed"] += int(row["Speed of answer in seconds"])
                    acc["talk"] += hms(row["AvgTalkDuration"])

    def figures(a):
        return OrderedDict(
            offered=a["offered"],
            answered=a["answered"],
            asa=ratio(a["speed"], a["answered"]),
            avg_talk=ratio(a["talk"], a["answered"]),
        )

    return OrderedDict(
        by_month=OrderedDict((m, figures(a)) for m, a in sorted(months.items())),
        by_agent_month=OrderedDict(
            (agent, OrderedDict((m, figures(a)) for m, a in sorted(ms.items()))) for agent, ms in sorted(agents.items())
        ),
    )


def bank_rows():
    path = os.path.join(DATASETS, "anonymous_bank_feb1999", "data_anonymous_bank_february.txt")
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["outcome"] == "PHANTOM":
                continue
            queued = r["q_start"] != "0:00:00"
            if r["outcome"] == "AGENT":
                answered, wait = True, int(r["q_time"]) if queued else 0
            elif r["outcome"] == "HANG" and queued:
                answered, wait = False, int(r["q_time"])
            else:
                continue  # IVR only: not offered
            d = r["date"]
            day = datetime.date(1900 + int(d[0:2]), int(d[2:4]), int(d[4:6]))
            yield {
                "day": day,
                "queue": r["type"],
                "agent": None if r["server"] == "NO_SERVER" else r["server"],
                "answered": answered,
                "wait": wait,
                "talk": int(r["ser_time"]) if answered else 0,
            }


def bank_figures(rows):
    offered = answered = within = wait = talk = 0
    agents = defaultdict(int)
    for r in rows:
        offered += 1
        if r["answered"]:
            answered += 1
            wait += r["wait"]
            talk += r["talk"]
            within += r["wait"] <= 20
            if r["agent"]:
                agents[r["agent"]] += 1
    out = OrderedDict(
        offered=offered,
        answered=answered,
        abandoned=offered - answered,
        asa=ratio(wait, answered),
        service_level=ratio(within, offered),
        avg_talk=ratio(talk, answered),
    )
    return out, dict(sorted(agents.items()))


def iso_week(day):
    y, w, _ = day.isocalendar()
    return "%04d-W%02d" % (y, w)


def bank():
    rows = list(bank_rows())
    weeks = defaultdict(list)
    for r in rows:
        weeks[iso_week(r["day"])].append(r)
    by_week = OrderedDict((w, bank_figures(rs)[0]) for w, rs in sorted(weeks.items()))
    kept = [r for r in rows if r["queue"] == "PS" and iso_week(r["day"]) == "1999-W06"]
    totals, agents = bank_figures(kept)
    return by_week, OrderedDict(queue="PS", from_day="1999-02-08", to_day="1999-02-14", totals=totals, answered_by_agent=agents)


def main():
    by_week, filtered = bank()
    out = OrderedDict(pwc=pwc(), bank_feb_by_iso_week=by_week, bank_feb_ps_week6=filtered)
    with open(os.path.join(HERE, "periods.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for m, v in out["pwc"]["by_month"].items():
        print("pwc", m, dict(v))
    for w, v in by_week.items():
        print("bank", w, dict(v))
    print("bank PS W06", dict(filtered["totals"]))


if __name__ == "__main__":
    main()
