#!/usr/bin/env python3
"""Golden figures for the phone-system logs, computed from the spec alone (no engine code).

Spec: /work/shared/spec/asterisk-queue-log.md (field table) and inputs.md (profiles).
Python 3 standard library only. Run from the repository root:

    python3 tests/golden/pbx.py

It writes tests/golden/pbx_*.json. Paths are relative to ../shared/datasets (or $CALLSCORE_DATASETS).
"""
import csv
import io
import json
import os
import sys
from collections import Counter, OrderedDict, defaultdict

ROOT = os.environ.get("CALLSCORE_DATASETS") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "datasets")
OUT = os.path.dirname(os.path.abspath(__file__))


def lab_queue_log():
    """asterisk_lab_queue_log: every call, by hand-readable rules of the field table.

    Call = a callid other than NONE. Outcome: CONNECT -> answered (wait = CONNECT data1, ring =
    data3, talk = COMPLETE* data2); else ABANDON -> abandoned, EXITWITHTIMEOUT -> timed_out (wait =
    data3). Caller = ENTERQUEUE data2. Arrival = ENTERQUEUE epoch. Missed = agents of RINGNOANSWER.
    """
    path = os.path.join(ROOT, "asterisk_lab_queue_log", "queue_log_pipe_derived.txt")
    calls = OrderedDict()
    for line in open(path, encoding="utf-8"):
        p = line.rstrip("\n").split("|")
        p += [""] * (10 - len(p))
        t, callid, queue, agent, ev = int(p[0]), p[1], p[2], p[3], p[4]
        d = p[5:10]
        if callid == "NONE":
            continue
        c = calls.setdefault(callid, {"id": callid, "missed": []})
        if ev == "ENTERQUEUE":
            c["arrival_epoch"] = t
            c["caller"] = d[1]
            c["queue"] = queue
        elif ev == "CONNECT":
            c["outcome"] = "answered"
            c["agent"] = agent
            c["wait_s"] = int(d[0])
            c["ring_s"] = int(d[2])
        elif ev in ("COMPLETEAGENT", "COMPLETECALLER"):
            c["talk_s"] = int(d[1])
        elif ev == "ABANDON":
            c["outcome"] = "abandoned"
            c["wait_s"] = int(d[2])
        elif ev == "EXITWITHTIMEOUT":
            c["outcome"] = "timed_out"
            c["wait_s"] = int(d[2])
        elif ev == "RINGNOANSWER":
            c["missed"].append(agent)
    out = sorted(calls.values(), key=lambda c: c["id"])
    return {"source": "asterisk_lab_queue_log/queue_log_pipe_derived.txt", "calls": out}


def pbxware():
    """pbxware_export/queue_log.csv: counts by event (PBXware columns: htime = wait, ttime = talk,
    RINGNOANSWER agent in `type`)."""
    path = os.path.join(ROOT, "pbxware_export", "queue_log.csv")
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    ev = Counter(r["event"] for r in rows)
    connect = [r for r in rows if r["event"] == "CONNECT"]
    answered_by_agent = Counter(r["type"] for r in connect)
    missed_by_agent = Counter(r["type"] for r in rows if r["event"] == "RINGNOANSWER")
    ends = [r for r in rows if r["event"] in ("COMPLETEAGENT", "COMPLETECALLER", "BLINDTRANSFER", "ATTENDEDTRANSFER", "TRANSFER")]
    enter_ids = {r["callid"] for r in rows if r["event"] == "ENTERQUEUE"}
    ended_ids = {r["callid"] for r in rows if r["event"] in ("CONNECT", "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY", "WITHDRAW")}
    return {
        "source": "pbxware_export/queue_log.csv",
        "rows": len(rows),
        "enterqueue": ev["ENTERQUEUE"],
        "answered": len({r["callid"] for r in connect}),
        "abandoned": ev["ABANDON"],
        "timed_out": ev["EXITWITHTIMEOUT"],
        "still_in_queue": len(enter_ids - ended_ids),
        "answered_by_agent": dict(sorted(answered_by_agent.items())),
        "missed_by_agent": dict(sorted(missed_by_agent.items())),
        "wait_answered_s": sum(int(r["htime"]) for r in connect),
        "wait_abandoned_s": sum(int(r["htime"]) for r in rows if r["event"] == "ABANDON"),
        "talk_s": sum(int(r["ttime"]) for r in ends),
        "transfers": {"blind": ev["BLINDTRANSFER"], "attended": ev["ATTENDEDTRANSFER"]},
        "skipped_outbound": sum(n for e, n in ev.items() if e.startswith("OUT")),
        "skipped_system": ev["QUEUESTART"] + ev["CONFIGRELOAD"],
    }


def stadion():
    """asterisk_master_csv/stadion_Master.csv: 21 columns, linkedid = column 20 (index 19).
    A call = the legs sharing a linkedid. Answered = any leg ANSWERED; not offered = every leg
    BUSY/FAILED/CONGESTION; unanswered = the rest. Bytes that are not UTF-8 are decoded latin-1
    (only digits and quotes matter here)."""
    path = os.path.join(ROOT, "asterisk_master_csv", "stadion_Master.csv")
    text = open(path, "rb").read().decode("latin-1")
    rows = list(csv.reader(io.StringIO(text)))
    legs = defaultdict(list)
    for r in rows:
        key = r[19] or r[16]
        legs[key].append(r[14])
    answered = sum(1 for d in legs.values() if "ANSWERED" in d)
    not_offered = sum(1 for d in legs.values() if all(x in ("BUSY", "FAILED", "CONGESTION") for x in d))
    return {
        "source": "asterisk_master_csv/stadion_Master.csv",
        "legs": len(rows),
        "dispositions": dict(sorted(Counter(r[14] for r in rows).items())),
        "calls": len(legs),
        "answered": answered,
        "not_offered": not_offered,
        "unanswered": len(legs) - answered - not_offered,
    }


def pbxware_cdr():
    """pbxware_export/cdr.csv: PBXware's cdr table with its header (columns by name). Asterisk's
    CDR fields: duration runs from the start (calldate) to hang-up, billsec from the answer to
    hang-up, so a leg was answered duration - billsec seconds after calldate. A call = the legs
    sharing a linkedid (else uniqueid). Outbound = one of its earliest legs (same second) dials
    from an extension (2-6 digits) to an outside number (7+ digits, an optional +) and no leg ran
    Queue; the other
    calls are inbound: answered = any leg ANSWERED (its wait: that leg's answer - the call's
    first start, the answered leg with the longest billsec); not offered = every leg
    BUSY/FAILED/CONGESTION; unanswered = the rest."""
    from datetime import datetime
    path = os.path.join(ROOT, "pbxware_export", "cdr.csv")
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    null = lambda v: "" if v == "NULL" else v.strip()
    t = lambda v: datetime.strptime(v, "%Y-%m-%d %H:%M:%S").timestamp()
    ext = lambda v: 2 <= len(v) <= 6 and v.isdigit()
    outside = lambda v: len(v.lstrip("+")) >= 7 and v.lstrip("+").isdigit()
    calls = defaultdict(list)
    for r in rows:
        calls[null(r["linkedid"]) or null(r["uniqueid"])].append(r)
    out = Counter()
    waits = []
    for legs in calls.values():
        start = min(t(r["calldate"]) for r in legs)
        earliest = [r for r in legs if t(r["calldate"]) == start]
        dials_out = any(ext(null(r["src"])) and outside(null(r["dst"])) for r in earliest)
        if dials_out and all(r["lastapp"].lower() != "queue" for r in legs):
            out["outbound"] += 1
            continue
        answered = [r for r in legs if r["disposition"] == "ANSWERED"]
        if answered:
            leg = max(answered, key=lambda r: int(r["billsec"]))
            waits.append(t(leg["calldate"]) + int(leg["duration"]) - int(leg["billsec"]) - start)
            out["answered"] += 1
        elif all(r["disposition"] in ("BUSY", "FAILED", "CONGESTION") for r in legs):
            out["not_offered"] += 1
        else:
            out["unanswered"] += 1
    offered = out["answered"] + out["unanswered"]
    return {
        "source": "pbxware_export/cdr.csv",
        "legs": len(rows),
        "calls": len(calls),
        "outbound": out["outbound"],
        "answered": out["answered"],
        "not_offered": out["not_offered"],
        "unanswered": out["unanswered"],
        "answered_wait_sum_s": sum(waits),
        "answered_within_20s": sum(1 for w in waits if w <= 20),
        "service_level_20s_offered": sum(1 for w in waits if w <= 20) / offered,
    }


def main():
    if not os.path.isdir(ROOT):
        sys.exit(f"no data sets at {ROOT}")
    for name, fn in (("pbx_lab_queue_log.json", lab_queue_log), ("pbx_pbxware.json", pbxware), ("pbx_stadion.json", stadion),
                     ("pbx_pbxware_cdr.json", pbxware_cdr)):
        data = fn()
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(name, json.dumps({k: v for k, v in data.items() if k != "calls"})[:400])


if __name__ == "__main__":
    main()
