#!/usr/bin/env python3
"""Golden expected KPI figures for the two Technion "Anonymous Bank" data sets.

This script is an INDEPENDENT reference implementation: it was written from the
spec (`/work/shared/spec/inputs.md`, section "Technion Anonymous Bank research
format", and `/work/shared/spec/kpis.md`) without reading or running the Rust
engine. It uses only the Python 3 standard library.

Run from the repository root (/work/main):

    python3 tests/golden/anonymous_bank.py

It reads

    /work/shared/datasets/anonymous_bank_feb1999/data_anonymous_bank_february.txt  (TAB, CRLF)
    /work/shared/datasets/anonymous_bank_aug1999/august_1999_calls.csv             (comma, LF)

(override the datasets directory with the environment variable
CALLSCORE_DATASETS) and writes, next to this script,

    anonymous_bank_feb1999.json
    anonymous_bank_aug1999.json

It also prints a summary and a list of "data facts" (odd rows an engine might
trip over) to stdout; those facts are documented in README.md and are NOT
figures used by tests.

Method (exactly the spec, nothing more)
---------------------------------------
* Columns: vru+line call_id customer_id priority type date vru_entry vru_exit
  vru_time q_start q_exit q_time outcome ser_start ser_exit ser_time server.
  Times are H:MM:SS, "0:00:00" means "did not happen". Durations (vru_time,
  q_time, ser_time) are taken from their own columns as integers of seconds;
  they are never recomputed from the clock times.
* A row is malformed when it does not have 17 fields, a time field is not
  H:MM:SS (H 0..23, MM/SS 0..59), a duration is not an integer, or the date
  cannot be parsed. Malformed rows are listed under `malformed_rows`
  (file, line number in the file counting the header as line 1, reason) and
  excluded from every metric except `rows`.
* outcome PHANTOM: not a call; counted in `phantom`, excluded from everything
  else.
* queued  = q_start != "0:00:00".
* AGENT            -> offered, answered; wait = q_time if queued else 0.
* HANG and queued  -> offered, abandoned; wait = q_time.
* HANG not queued  -> ivr_only (not offered).
* any other outcome-> counted in `other_outcomes` (expected: none), not offered.
* talk = ser_time (answered calls only); agent = server, NO_SERVER = unknown
  agent (`unknown_agent_answered`, kept out of `by_agent`); queue = type.
* day = the file's `date` column as given: Feb `yymmdd` -> 19yy-mm-dd; Aug
  `2010-08-DD 00:00:00` -> `2010-08-DD` (the student's rewritten year is kept
  on purpose, because the engine reads the file as it is).
* Thresholds are inclusive: "within 20 s" means wait <= 20; short abandon
  means abandoned with wait <= 5.
* Wait percentiles (p50, p80, p90, p95) are over the waits of answered +
  abandoned calls, nearest-rank: the smallest wait w such that at least q*n
  of the n waits are <= w, i.e. sorted_waits[ceil(q*n) - 1], computed with
  exact fractions (no floating-point rounding in q*n).
* Rates are plain float divisions (numerator / denominator), serialised with
  Python's shortest round-trip repr (full precision). A zero denominator
  gives null.
"""

import csv
import hashlib
import json
import math
import os
import re
import sys
from collections import Counter, OrderedDict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
# Default: the shared/ folder beside the repository (repo/../shared/datasets).
DATASETS = os.environ.get(
    "CALLSCORE_DATASETS",
    os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "datasets")),
)

COLUMNS = [
    "vru+line", "call_id", "customer_id", "priority", "type", "date",
    "vru_entry", "vru_exit", "vru_time", "q_start", "q_exit", "q_time",
    "outcome", "ser_start", "ser_exit", "ser_time", "server",
]
TIME_COLS = ["vru_entry", "vru_exit", "q_start", "q_exit", "ser_start", "ser_exit"]
DUR_COLS = ["vru_time", "q_time", "ser_time"]
ZERO = "0:00:00"
NO_SERVER = "NO_SERVER"
SL_T = 20          # service-level threshold, seconds, inclusive
SHORT_ABANDON = 5  # short-abandon threshold, seconds, inclusive
PERCENTILES = [("wait_p50", Fraction(50, 100)), ("wait_p80", Fraction(80, 100)),
               ("wait_p90", Fraction(90, 100)), ("wait_p95", Fraction(95, 100))]

DATASETS_SPEC = [
    # (output name, path relative to DATASETS, delimiter, date parser)
    ("anonymous_bank_feb1999",
     "anonymous_bank_feb1999/data_anonymous_bank_february.txt", "\t", "yymmdd"),
    ("anonymous_bank_aug1999",
     "anonymous_bank_aug1999/august_1999_calls.csv", ",", "iso_datetime"),
]

TIME_RE = re.compile(r"^(\d{1,2}):([0-5]\d):([0-5]\d)$")


def parse_time(s):
    """H:MM:SS -> seconds since midnight; raises ValueError."""
    m = TIME_RE.match(s)
    if not m or int(m.group(1)) > 23:
        raise ValueError("bad time %r" % s)
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))


def parse_day(s, kind):
    """The file's date column -> 'YYYY-MM-DD' (as given, no remapping)."""
    if kind == "yymmdd":
        if not re.fullmatch(r"\d{6}", s):
            raise ValueError("bad yymmdd date %r" % s)
        yy, mm, dd = int(s[0:2]), int(s[2:4]), int(s[4:6])
        year = 1900 + yy  # the file only holds 99xxxx; 19yy is the Technion convention
    else:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?", s)
        if not m:
            raise ValueError("bad ISO date %r" % s)
        year, mm, dd = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        raise ValueError("bad date %r" % s)
    return "%04d-%02d-%02d" % (year, mm, dd)


def ratio(num, den):
    return None if den == 0 else num / den


def nearest_rank(sorted_values, q):
    """Smallest v with #(x <= v) >= q*n. sorted_values ascending, q a Fraction."""
    n = len(sorted_values)
    if n == 0:
        return None
    k = max(1, math.ceil(q * n))  # exact: q is a Fraction
    return sorted_values[k - 1]


def md5_of(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_rows(path, delimiter):
    """Yield (line_number, fields). Header is line 1. CRLF/LF both handled by csv."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader)
        if header != COLUMNS:
            raise SystemExit("%s: unexpected header %r" % (path, header))
        for fields in reader:
            yield reader.line_num, fields


def compute(name, rel_path, delimiter, date_kind):
    path = os.path.join(DATASETS, rel_path)

    rows = phantom = 0
    offered = answered = abandoned = ivr_only = short_abandoned = 0
    answered_within = abandoned_within = 0
    sum_wait_answered = 0
    total_talk = 0
    unknown_agent_answered = 0
    waits = []                       # answered + abandoned
    other_outcomes = Counter()
    malformed = []
    by_agent = {}
    by_queue = {}
    by_day = {}
    facts = Counter()
    fact_examples = {}

    def note(key, line, rec=None):
        facts[key] += 1
        fact_examples.setdefault(key, []).append(line)

    prev_key = None
    for line, f in read_rows(path, delimiter):
        rows += 1
        # ---- validation -------------------------------------------------
        if len(f) != len(COLUMNS):
            malformed.append({"file": rel_path, "line": line,
                              "reason": "expected 17 fields, got %d" % len(f)})
            continue
        r = dict(zip(COLUMNS, f))
        try:
            t = {c: parse_time(r[c]) for c in TIME_COLS}
            d = {}
            for c in DUR_COLS:
                if not re.fullmatch(r"-?\d+", r[c]):
                    raise ValueError("bad duration %s=%r" % (c, r[c]))
                d[c] = int(r[c])
            day = parse_day(r["date"], date_kind)
        except ValueError as e:
            malformed.append({"file": rel_path, "line": line, "reason": str(e)})
            continue

        outcome = r["outcome"]
        # ---- data facts (not used by the metrics) -------------------------
        key = (day, t["vru_entry"])
        if prev_key is not None and key < prev_key:
            facts["rows_out_of_order_by_day_then_vru_entry"] += 1
        prev_key = key
        if outcome == "PHANTOM":
            phantom += 1
            if d["vru_time"] < 0:
                note("phantom_negative_vru_time", line)
            continue

        queued = r["q_start"] != ZERO
        if d["vru_time"] < 0:
            note("negative_vru_time (non-phantom)", line)
        if d["q_time"] < 0:
            note("negative_q_time", line)
        if d["ser_time"] < 0:
            note("negative_ser_time", line)
        if not queued and (d["q_time"] != 0 or r["q_exit"] != ZERO):
            note("q_start 0:00:00 but q_exit/q_time set (queue entered at exactly midnight?)", line)
        if queued:
            clock = t["q_exit"] - t["q_start"]
            if clock != d["q_time"]:
                if (clock - d["q_time"]) % 86400 == 0:
                    note("q_time != q_exit-q_start, consistent across midnight", line)
                else:
                    note("q_time != q_exit-q_start, inconsistent", line)
        if outcome == "AGENT":
            if r["ser_start"] == ZERO:
                note("AGENT with ser_start 0:00:00 (no service record, ser_time 0)", line)
            else:
                clock = t["ser_exit"] - t["ser_start"]
                if clock != d["ser_time"]:
                    if (clock - d["ser_time"]) % 86400 == 0:
                        note("ser_time != ser_exit-ser_start, consistent across midnight", line)
                    else:
                        note("ser_time != ser_exit-ser_start, inconsistent", line)
                if queued:
                    gap = (t["ser_start"] - t["q_exit"] + 43200) % 86400 - 43200
                    if t["ser_start"] < t["q_exit"]:
                        facts["AGENT queued with ser_start < q_exit (raw clock)"] += 1
                    if gap < 0:
                        facts["AGENT queued with ser_start < q_exit (midnight-adjusted)"] += 1
                    if gap < -2:
                        note("AGENT queued with ser_start more than 2 s before q_exit (midnight-adjusted)", line)
            if d["ser_time"] == 0:
                facts["AGENT with ser_time 0"] += 1
            if d["q_time"] > 0 and not queued:
                facts["AGENT not queued but q_time > 0"] += 1
        if outcome == "HANG":
            if r["server"] != NO_SERVER:
                note("HANG with a server name", line)
            if r["ser_start"] != ZERO or d["ser_time"] != 0:
                note("HANG with service fields set (ser_start/ser_time)", line)

        # ---- classification (the spec) -----------------------------------
        q = by_queue.setdefault(r["type"], OrderedDict(
            offered=0, answered=0, abandoned=0, ivr_only=0))
        dd = by_day.setdefault(day, OrderedDict(offered=0, answered=0, abandoned=0))
        if outcome == "AGENT":
            wait = d["q_time"] if queued else 0
            talk = d["ser_time"]
            offered += 1
            answered += 1
            q["offered"] += 1
            q["answered"] += 1
            dd["offered"] += 1
            dd["answered"] += 1
            sum_wait_answered += wait
            waits.append(wait)
            if wait <= SL_T:
                answered_within += 1
            total_talk += talk
            agent = r["server"]
            if agent == NO_SERVER:
                unknown_agent_answered += 1
            else:
                a = by_agent.setdefault(agent, {"answered": 0, "total_talk": 0})
                a["answered"] += 1
                a["total_talk"] += talk
        elif outcome == "HANG":
            if queued:
                wait = d["q_time"]
                offered += 1
                abandoned += 1
                q["offered"] += 1
                q["abandoned"] += 1
                dd["offered"] += 1
                dd["abandoned"] += 1
                waits.append(wait)
                if wait <= SHORT_ABANDON:
                    short_abandoned += 1
                if wait <= SL_T:
                    abandoned_within += 1
            else:
                ivr_only += 1
                q["ivr_only"] += 1
        else:
            other_outcomes[outcome] += 1

    waits.sort()
    out = OrderedDict()
    out["source"] = OrderedDict(path=rel_path, md5=md5_of(path),
                                datasets_root="../shared/datasets")
    out["rows"] = rows
    out["phantom"] = phantom
    out["offered"] = offered
    out["answered"] = answered
    out["abandoned"] = abandoned
    out["short_abandoned"] = short_abandoned
    out["ivr_only"] = ivr_only
    out["other_outcomes"] = dict(sorted(other_outcomes.items()))
    out["abandon_rate"] = ratio(abandoned, offered)
    out["sum_wait_answered"] = sum_wait_answered
    out["asa"] = ratio(sum_wait_answered, answered)
    out["answered_within_20"] = answered_within
    out["abandoned_within_20"] = abandoned_within
    out["sl_offered"] = ratio(answered_within, offered)
    out["sl_answered"] = ratio(answered_within, answered)
    out["sl_offered_minus_short"] = ratio(answered_within, offered - short_abandoned)
    out["sl_with_abandoned"] = ratio(answered_within + abandoned_within, offered)
    out["avg_talk"] = ratio(total_talk, answered)
    out["total_talk"] = total_talk
    out["wait_count"] = len(waits)
    out["max_wait"] = waits[-1] if waits else None
    for key, qv in PERCENTILES:
        out[key] = nearest_rank(waits, qv)
    out["unknown_agent_answered"] = unknown_agent_answered
    out["by_agent"] = OrderedDict(
        (k, OrderedDict(answered=v["answered"], total_talk=v["total_talk"],
                        avg_talk=ratio(v["total_talk"], v["answered"])))
        for k, v in sorted(by_agent.items()))
    out["by_queue"] = OrderedDict(sorted(by_queue.items()))
    out["by_day"] = OrderedDict(sorted(by_day.items()))
    out["malformed_rows"] = malformed

    # internal consistency checks
    assert offered == answered + abandoned
    assert rows == phantom + offered + ivr_only + sum(other_outcomes.values()) + len(malformed)
    assert sum(v["answered"] for v in by_agent.values()) + unknown_agent_answered == answered
    assert sum(v["offered"] for v in by_day.values()) == offered
    assert sum(v["offered"] for v in by_queue.values()) == offered
    return out, facts, fact_examples


def main():
    for name, rel, delim, kind in DATASETS_SPEC:
        out, facts, examples = compute(name, rel, delim, kind)
        dest = os.path.join(HERE, name + ".json")
        with open(dest, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
            f.write("\n")
        print("== %s -> %s" % (name, os.path.relpath(dest)))
        for k in ["rows", "phantom", "offered", "answered", "abandoned", "short_abandoned",
                  "ivr_only", "other_outcomes", "abandon_rate", "asa", "sl_offered",
                  "sl_answered", "sl_offered_minus_short", "sl_with_abandoned",
                  "avg_talk", "total_talk", "max_wait", "wait_p50", "wait_p80",
                  "wait_p90", "wait_p95", "unknown_agent_answered"]:
            print("  %-24s %s" % (k, out[k]))
        print("  malformed_rows           %d" % len(out["malformed_rows"]))
        print("  data facts (not test figures):")
        for k, v in sorted(facts.items()):
            ex = examples.get(k, [])[:5]
            print("    %6d  %s%s" % (v, k, ("  e.g. lines " + ", ".join(map(str, ex))) if ex else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
