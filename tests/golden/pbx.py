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


def main():
    if not os.path.isdir(ROOT):
        sys.exit(f"no data sets at {ROOT}")
    for name, fn in (("pbx_lab_queue_log.json", lab_queue_log), ("pbx_pbxware.json", pbxware), ("pbx_stadion.json", stadion)):
        data = fn()
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(name, json.dumps({k: v for k, v in data.items() if k != "calls"})[:400])


if __name__ == "__main__":
    main()
