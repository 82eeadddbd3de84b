#!/usr/bin/env python3
"""Golden first-contact-resolution (FCR) figures for the two Anonymous Bank months.

An INDEPENDENT reference, written from the definition in issue 10 and `spec/kpis.md`, using only
the Python standard library (it reads the files itself; it does not run or read the engine).

Definition
----------
* Calls are the rows of the file except PHANTOM rows (and malformed rows, of which there are
  none). arrival = date + vru_entry (Feb: date yymmdd; Aug: the date column's YYYY-MM-DD).
* Offered calls: AGENT (answered) and HANG with q_start != 0:00:00 (abandoned). HANG without a
  queue start is IVR-only: not offered, not a contact with an agent, so not a "call again".
* The data ends at the latest arrival of any call read (offered or IVR-only).
* caller = customer_id; "0" (and empty) identify nobody and are left out.
* window W = 7 days = 604,800 s.
* An answered call at time t with a caller is judged only when t + W <= end (its whole window lies
  inside the data); every other answered call is `unknown`, whatever happened after it.
* A judged call is `repeat` when the same caller has another offered call arriving in [t, t + W]
  other than itself (a second call in the same second counts as calling again for the first one
  of the pair; the script reports how many such same-second pairs exist), else `resolved`.
* fcr = resolved / (resolved + repeat).

Run from the repository root:  python3 tests/golden/fcr.py   (writes fcr_feb1999.json and
fcr_aug1999.json beside this script).
"""
import bisect
import csv
import json
import os
import sys
from datetime import date, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("CALLSCORE_DATASETS") or os.path.join(HERE, "..", "..", "..", "shared", "datasets")
WINDOW = 7 * 24 * 3600


def seconds(day, clock):
    h, m, s = (int(x) for x in clock.split(":"))
    return int(datetime(day.year, day.month, day.day).timestamp()) + h * 3600 + m * 60 + s


def parse_day(text):
    text = text.strip()
    if len(text) == 6 and text.isdigit():
        return date(1900 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    return date.fromisoformat(text[:10])


def compute(path, delimiter):
    calls = []  # (caller, t, answered)
    end = None
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f, delimiter=delimiter)
        header = [h.strip() for h in next(rows)]
        col = {name: i for i, name in enumerate(header)}
        for row in rows:
            if not row:
                continue
            outcome = row[col["outcome"]].strip()
            if outcome == "PHANTOM":
                continue
            t = seconds(parse_day(row[col["date"]]), row[col["vru_entry"]].strip())
            end = t if end is None else max(end, t)
            queued = row[col["q_start"]].strip() != "0:00:00"
            if outcome == "AGENT" or (outcome == "HANG" and queued):
                caller = row[col["customer_id"]].strip()
                if caller and caller.strip("0") != "":
                    calls.append((caller, t, outcome == "AGENT"))
    by_caller = {}
    for caller, t, answered in calls:
        by_caller.setdefault(caller, []).append((t, answered))
    resolved = repeat = unknown = same_second = 0
    for caller, lst in by_caller.items():
        lst.sort()
        times = [t for t, _ in lst]
        for i, (t, answered) in enumerate(lst):
            if i + 1 < len(lst) and times[i + 1] == t:
                same_second += 1
            if not answered:
                continue
            if t + WINDOW > end:
                unknown += 1
                continue
            # another call in [t, t + W] other than this one: any later index within the window
            j = bisect.bisect_right(times, t + WINDOW)
            if j - 1 > i:
                repeat += 1
            else:
                resolved += 1
    judged = resolved + repeat
    return {
        "fcr_resolved": resolved,
        "fcr_repeat": repeat,
        "fcr_unknown": unknown,
        "fcr": resolved / judged if judged else None,
        "same_second_pairs": same_second,
    }


def main():
    out = {}
    for name, rel, delim in [
        ("fcr_feb1999.json", "anonymous_bank_feb1999/data_anonymous_bank_february.txt", "\t"),
        ("fcr_aug1999.json", "anonymous_bank_aug1999/august_1999_calls.csv", ","),
    ]:
        path = os.path.join(ROOT, rel)
        if not os.path.exists(path):
            print(f"skipped: {path} not found", file=sys.stderr)
            continue
        figures = compute(path, delim)
        figures["source"] = rel
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(figures, f, indent=2, sort_keys=True)
            f.write("\n")
        out[name] = figures
    print(json.dumps(out, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
