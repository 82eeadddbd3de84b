#!/usr/bin/env python3
"""Writes the hostile-input corpus of issue 11 into a folder, with manifest.json.

One generator for the three harnesses that read it: tests/hostile.rs (native engine and CLI:
accounting, memory, time, chunk sizes), tests/node/hostile.test.mjs (the wasm engine against the
native CLI) and tests/browser/run.mjs (a page tab survives every file). Files are small (the
largest are a few MB) and made fresh on every run, so nothing hostile is checked in.

Each manifest entry: file, class (1-10 of the issue), what (one line), and expectations:
  error    the file's error code (the file cannot be read), or null
  rejects  reject codes that must be among the file's rejects
  notes    report note codes that must be present
  warnings file warning codes that must be present
  skipped  {rule: n} that must be in the file's skipped counts
  profile  the profile it must be read with
  chunked  true when every chunk size (1 B, 7 B, 64 KiB, 1 MiB, 4 MiB) is tried on it
  rejected the exact number of rejected rows, when it matters

Usage: corpus.py DIR
"""
import json
import os
import sys
import zipfile

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
manifest = []


def case(file, data, cls, what, error=None, rejects=(), notes=(), warnings=(), skipped=None, profile=None,
         chunked=True, rejected=None):
    with open(os.path.join(out, file), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
    manifest.append({'file': file, 'class': cls, 'what': what, 'error': error, 'rejects': list(rejects),
                     'notes': list(notes), 'warnings': list(warnings), 'skipped': skipped or {},
                     'profile': profile, 'chunked': chunked, 'rejected': rejected})


HEADER = 'call id,start time,agent,queue,wait,talk,outcome,caller\n'


def calls(n, start=0, agent=lambda i: f'A{i % 7}', day=lambda i: f'2024-03-{1 + i % 28:02d}'):
    return ''.join(f'{i},{day(i)} {8 + i % 10:02d}:{i % 60:02d}:00,{agent(i)},q{i % 3},{i % 90},{60 + i % 200},'
                   f'{"ABANDONED" if i % 9 == 0 else "ANSWERED"},555{i % 500:04d}\n' for i in range(start, start + n))


def qlog(n, t0=1_700_000_000):
    lines = []
    for i in range(n):
        t = t0 + 5 * i
        cid = f'{t}.{i}'
        lines.append(f'{t}|{cid}|support|NONE|ENTERQUEUE||555{i % 1000:04d}|1')
        if i % 10 == 0:
            lines.append(f'{t + 9}|{cid}|support|NONE|ABANDON|1|1|9')
        else:
            lines.append(f'{t + 7}|{cid}|support|PJSIP/{i % 20}|CONNECT|7|{cid}.1|2')
            lines.append(f'{t + 97}|{cid}|support|PJSIP/{i % 20}|COMPLETECALLER|7|90|1')
    return '\n'.join(lines) + '\n'


def master_row(uid, start, answer, end, billsec, disposition='ANSWERED', width=21, first=0):
    f = ['', '5551000', '100', 'from-pstn', '"A" <5551000>', 'SIP/trunk-0001', 'PJSIP/201-00000001', 'Queue',
         'support,,,', start, answer, end, '130', str(billsec), disposition, 'DOCUMENTATION', uid, '', '', uid, '1']
    return ','.join(f'"{v}"' if not v.isdigit() else v for v in f[first:width]) + '\n'


def xlsx(cells, strings=None, unique_count=None, dimension=None, patch=None):
    """A minimal .xlsx: cells {(row, col): value} (0-based), numbers as numbers, text inline or
    from the shared strings table."""
    def ref(r, c):
        name = ''
        c += 1
        while c:
            c, m = divmod(c - 1, 26)
            name = chr(65 + m) + name
        return f'{name}{r + 1}'
    rows = {}
    for (r, c), v in sorted(cells.items()):
        if isinstance(v, (int, float)):
            x = f'<c r="{ref(r, c)}"><v>{v}</v></c>'
        elif strings is not None and v in strings:
            x = f'<c r="{ref(r, c)}" t="s"><v>{strings.index(v)}</v></c>'
        else:
            x = f'<c r="{ref(r, c)}" t="inlineStr"><is><t>{v}</t></is></c>'
        rows.setdefault(r, []).append(x)
    dim = f'<dimension ref="{dimension}"/>' if dimension else ''
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{dim}<sheetData>'
             + ''.join(f'<row r="{r + 1}">{"".join(x)}</row>' for r, x in sorted(rows.items()))
             + '</sheetData></worksheet>')
    if patch:
        sheet = sheet.replace(*patch)
    ns = 'http://schemas.openxmlformats.org'
    parts = {
        '[Content_Types].xml': f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/></Types>',
        '_rels/.rels': f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        'xl/workbook.xml': f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Calls" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>',
        'xl/_rels/workbook.xml.rels': f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
        f'xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
        'xl/worksheets/sheet1.xml': sheet,
    }
    if strings is not None:
        n = len(strings) if unique_count is None else unique_count
        parts['xl/sharedStrings.xml'] = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}/spreadsheetml/2006/main" '
                                         f'count="{n}" uniqueCount="{n}">'
                                         + ''.join(f'<si><t>{s}</t></si>' for s in strings) + '</sst>')
    path = os.path.join(out, '.tmp.xlsx')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    data = open(path, 'rb').read()
    os.remove(path)
    return data


def table(header, rows, at=0):
    cells = {}
    for c, h in enumerate(header):
        cells[(at, c)] = h
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            cells[(at + 1 + r, c)] = v
    return cells


BOOK_HEADER = ['call id', 'start time', 'agent', 'wait', 'talk', 'outcome']
BOOK_ROWS = [[str(i), f'2024-03-04 09:{i:02d}:00', f'A{i % 3}', i % 40, 60 + i, 'ANSWERED'] for i in range(20)]

# 1. Absurd waits: a wait of 10¹⁰ s looped the patience curve for ever.
case('c1_queue_log_absurd_wait.log', qlog(200) + '1700009000|x1|support|NONE|ENTERQUEUE||5559999|1\n'
     '1700009010|x1|support|NONE|ABANDON|1|1|10000000000\n'
     '1700009100|x2|support|NONE|ENTERQUEUE||5559998|1\n1700009101|x2|support|PJSIP/1|CONNECT|1|x2.1|1\n'
     '1700009200|x2|support|PJSIP/1|COMPLETECALLER|1|10000000000|1\n', 1,
     'queue_log waits and talk of 10¹⁰ s', rejects=['reject.event_duration_too_long'], profile='queue_log')
case('c1_queue_log_far_events.log', qlog(50) + '1000000000|far|support|NONE|ENTERQUEUE||5551111|1\n'
     '999999999999|far|support|NONE|ABANDON|1|1|\n', 1,
     'one call id whose events are 31,000 years apart (derived wait ≥ 2³² s)', profile='queue_log')
case('c1_cdr_year_9999.csv', ''.join(master_row(f'17000000{i:02d}.{i}', '2024-01-27 15:07:24', '2024-01-27 15:07:30',
                                                 '2024-01-27 15:09:30', 120) for i in range(30))
     + master_row('1700000099.9', '2024-01-27 15:07:24', '', '9999-12-31 23:59:59', 0, 'NO ANSWER'), 1,
     'a CDR leg ending in year 9999', rejects=['reject.end_too_late'], profile='asterisk_cdr')

# 2. Workbooks whose declared sizes are absurd.
far = table(BOOK_HEADER, BOOK_ROWS)
far[(1048575, 16383)] = 'x'
case('c2_cell_at_XFD1048576.xlsx', xlsx(far), 2, 'one cell at XFD1048576 (a dense grid would be 0.5 TB)',
     warnings=['warning.workbook_columns_ignored'], profile='generic')
case('c2_shared_strings_10e12.xlsx', xlsx(table(BOOK_HEADER, BOOK_ROWS), strings=BOOK_HEADER,
                                          unique_count=1_000_000_000_000), 2,
     'sharedStrings uniqueCount="1000000000000" in a 2 KB file', error='error.workbook_absurd_count')
sparse = table(BOOK_HEADER, BOOK_ROWS)
sparse[(4999, 16383)] = 'x'
case('c2_sparse_XFD5000.xlsx', xlsx(sparse, dimension='A1:XFD1048576'), 2,
     'a cell at XFD5000 and a declared range of the whole sheet', warnings=['warning.workbook_columns_ignored'],
     profile='generic')
case('c2_reference_overflow.xlsx', xlsx(table(BOOK_HEADER, BOOK_ROWS), patch=('r="B2"', 'r="AAAAAAAAAAAAAA2"')), 2,
     'a cell reference whose column overflows 32 bits (found by fuzzing)', error='error.workbook_bad_reference')
case('c2_not_xlsx.zip', xlsx({(0, 0): 'x'}).replace(b'xl/workbook.xml', b'xl/workbook.bin'), 2,
     'a zip that is no .xlsx', error='error.workbook_not_xlsx')

# 3. Memory: groups, spans and fields without bound.
case('c3_60000_agents_queues_teams.csv', 'call id,start time,agent,queue,team,wait,talk,outcome\n' + ''.join(
    f'{i},2024-03-{1 + i % 28:02d} 09:{i % 60:02d}:00,agent{i},queue{i},team{i},{i % 50},{60 + i % 100},ANSWERED\n'
    for i in range(60_000)), 3, '60,000 distinct agents, queues and teams',
     notes=['note.too_many_agents', 'note.too_many_queues', 'note.too_many_teams'], chunked=False)
case('c3_outbound_12000_teams_campaigns_codes_days.csv',
     'call_id,campaign,agent,team,called_number,start_time,answer_time,end_time,talk,result\n' + ''.join(
         f'O{i},camp{i},agent{i},team{i},1380{i:07d},{1 + i % 9999:04d}-03-04 09:00:00,,{1 + i % 9999:04d}-03-04 '
         f'09:00:30,0,code{i}\n' for i in range(12_000)), 3,
     'an outbound file naming 12,000 teams, campaigns, result codes and days (past the caps; the agents\' cap of '
     '50,000 is tested in src/kpi/outbound.rs)',
     notes=['note.outbound_too_many_teams', 'note.outbound_too_many_campaigns', 'note.outbound_too_many_days',
            'note.outbound_too_many_codes'], chunked=False)
case('c3_chat_51000_agents_teams_days.csv', 'time,session_id,buyer,agent,team,sender,message\n' + ''.join(
    f'{1 + i % 9999:04d}-03-04 09:00:00,S{i},buyer{i},,,buyer,hi\n'
    f'{1 + i % 9999:04d}-03-04 09:00:20,S{i},buyer{i},agent{i},team{i},agent,hello\n' for i in range(51_000)), 3,
     'a chat log naming 51,000 客服 and teams on 9,999 days (800 MB for twice that before the caps)',
     notes=['note.chat_too_many_agents', 'note.chat_too_many_teams', 'note.chat_too_many_days'], chunked=False)
case('c3_years_1_to_9999.csv', HEADER + calls(20_000, day=lambda i: f'{1 + (i * 7919) % 9999:04d}-{1 + i % 12:02d}-'
                                                                  f'{1 + i % 28:02d}'), 3,
     'dates spread over years 1–9999', notes=['note.slot_span'], chunked=False)
case('c3_agent_name_2MB.csv', HEADER + calls(20) + '99,2024-03-05 10:00:00,' + 'N' * (2 << 20) + ',q,5,60,ANSWERED,1\n'
     + calls(20, start=100) + '98,2024-03-05 10:00:00,' + 'M' * 1000 + ',q,5,60,ANSWERED,1\n', 3,
     'a 2 MB agent name and a 1,000-byte one', rejects=['reject.row_too_long', 'value.too_long'], chunked=False)
case('c3_many_names_per_agent.csv', 'call id,start time,agent,agent name,wait,talk,outcome\n' + ''.join(
    f'{i},2024-03-04 09:{i % 60:02d}:00,A1,name{i},5,60,ANSWERED\n' for i in range(200)), 3,
     'one agent under 200 names', notes=['note.too_many_names'])
case('c3_queue_log_20000_calls.log', qlog(20_000), 3, 'a 20,000-call queue_log (memory per event)',
     profile='queue_log', chunked=False)

# 4. Sums: talk values that wrapped i64.
case('c4_queue_log_huge_talk.log', qlog(100) + ''.join(
    f'{1700100000 + i}|h{i}|support|NONE|ENTERQUEUE||555|1\n{1700100001 + i}|h{i}|support|PJSIP/1|CONNECT|1|h{i}.1|1\n'
    f'{1700100002 + i}|h{i}|support|PJSIP/1|COMPLETECALLER|1|{9_000_000_000_000_000 if i % 2 else 604800}|1\n'
    for i in range(200)), 4, 'talk of 9 × 10¹⁸ s beside the 7-day maximum', rejects=['reject.event_duration_too_long'],
     profile='queue_log')

# 5. CPU: a patience estimate of 10⁹ s made Erlang A sum 10⁷ terms per interval.
case('c5_patience_1e9.csv', HEADER + ''.join(
    f'{i},2024-03-{1 + i % 28:02d} {8 + i % 10:02d}:{i % 60:02d}:00,A{i % 5},q,604000,60,ANSWERED,555{i}\n'
    for i in range(3000)) + '9999,2024-03-04 09:00:00,,q,1,,ABANDONED,5551\n', 5,
     'calls that waited 7 days and one abandon (patience ≈ 1.8 × 10⁹ s)', notes=['note.patience_too_long'])
case('c5_cdr_extremes.csv', ''.join(master_row(f'17000001{i:02d}.{i}', f'2024-01-{1 + i % 28:02d} 09:00:00',
                                               f'2024-01-{1 + i % 28:02d} 09:00:05',
                                               f'2024-01-{8 + i % 20:02d} 09:00:00', 604800 if i % 3 else 0)
                                    for i in range(84)), 5, '84 CDR legs with week-long calls',
     profile='asterisk_cdr')

# 6. Silently wrong readings.
rows = calls(500).splitlines(True)
rows[51] = rows[51].replace(',A', ',"A', 1)
case('c6_unclosed_quote_row_52.csv', HEADER + ''.join(rows), 6, 'an unclosed quote on row 52 of 500',
     rejects=['reject.unclosed_quote'])
case('c6_rows_narrower_than_header.csv', 'call id,start time,answer time,end time,agent,agent name,team,queue,wait,'
     'talk,hold,acw,outcome,caller\n' + ''.join(f'{i},2024-03-04 09:{i % 60:02d}:00\n' for i in range(300)), 6,
     '300 rows of 2 fields under a 14-column header', rejects=['reject.row_narrower_than_header'])
case('c6_row_wider_than_header.csv', HEADER + calls(10) + '77,2024-03-04 09:00:00,Smith, John,q,5,60,ANSWERED,1\n', 6,
     'an unquoted comma in a name shifts the columns', rejects=['reject.row_wider_than_header'])
case('c6_header_with_trailing_delimiter.csv', HEADER.replace('\n', ',\n') + calls(20) + calls(5, 50).replace('\n', ',\n'),
     6, 'a header ending in a delimiter, rows with and without one: not a structure error', rejected=0)
case('c6_truncated_last_row.csv', HEADER + calls(30) + '88,2024-03-04 09:0', 6, 'the last row cut off',
     rejects=['reject.row_narrower_than_header'])
case('c6_nan_durations.csv', HEADER + calls(10) + '61,2024-03-04 09:00:00,A1,q,0:nan,60,ANSWERED,1\n'
     '62,2024-03-04 09:00:00,A1,q,5,1:2:nan,ANSWERED,1\n', 6, "durations '0:nan' and '1:2:nan'",
     rejects=['value.bad_duration'])

# 7. Detection must not depend on the chunk size.
case('c7_title_row_100KB.csv', 'Report ' + 'x' * 100_000 + '\n' + HEADER + calls(20), 7,
     'a 100 KB title row (longer than the 64 KiB detection prefix)', error='error.no_line_break')
case('c7_gbk_after_100KB_ascii.csv', (HEADER + calls(2000)).encode() + ''.join(
    f'{i},2024-03-05 09:00:00,张{i},q,5,60,ANSWERED,1\n' for i in range(3000, 3010)).encode('gbk'), 7,
     'UTF-8 for 100 KB, then GBK', warnings=['warning.invalid_bytes_in_rows'])
case('c7_bom_and_crlf.csv', b'\xef\xbb\xbf' + (HEADER + calls(50)).replace('\n', '\r\n').encode(), 7,
     'a UTF-8 BOM and CRLF line ends')

# 8. Terminal injection through names and errors.
case('c8_escape_sequences.csv', HEADER + calls(5) + '70,2024-03-04 09:00:00,\x1b]0;pwned\x07evil\x1b[2J,q,5,60,ANSWERED,1\n'
     '71,2024-03-04 09:00:00,\u202eliam\x1b[8mhidden,q,5,60,ANSWERED,1\n', 8,
     'agent names that set the title, clear the screen, hide text, reverse direction')
case('c8_escape_in_error.csv', '\x1b[2J\x1b]0;pwned\x07not a header\nstill nothing\n', 8,
     'an unreadable file whose first row (quoted in the error) holds escape sequences', error='error.no_header')

# 9. Rows above a workbook's header, and the header search depth.
case('c9_title_rows_above_header.xlsx', xlsx({**{(r, 0): f'Title {r}' for r in range(3)}, **table(BOOK_HEADER, BOOK_ROWS, 3)}), 9,
     'three title rows above the header', skipped={'ABOVE_HEADER': 3}, profile='generic')
case('c9_header_at_row_30.xlsx', xlsx({**{(r, 0): f'Title {r}' for r in range(29)}, **table(BOOK_HEADER, BOOK_ROWS, 29)}), 9,
     'a header below the 20 rows searched (as in CSV)', error='error.no_header')
case('c9_title_rows_above_header.csv', 'Title 1\nTitle 2\nTitle 3\n' + HEADER + calls(10), 9,
     'three title rows above a CSV header', skipped={'ABOVE_HEADER': 3})

# 10. Errors that must name the real cause.
case('c10_master_csv_12_fields.csv', ''.join(master_row(f'17000002{i:02d}.{i}', '2024-01-27 15:07:24',
                                                        '2024-01-27 15:07:30', '2024-01-27 15:09:30', 120, first=9)
                                             for i in range(10)), 10,
     'a Master.csv cut to 12 fields', error='error.cdr_wrong_width')
case('c10_queue_log_cr_only.log', qlog(100).replace('\n', '\r'), 10, 'a queue_log with CR line ends only',
     profile='queue_log')
gbk = ('来电时间,座席工号,排队时长,通话时长,呼叫结果\n' + ''.join(
    f'2024-03-04 09:{i % 60:02d}:00,{1000 + i % 5},{i % 30},{60 + i},接通\n' for i in range(100))).encode('gbk')
case('c10_gbk_one_bad_byte.csv', gbk[:600] + b'\xff' + gbk[600:], 10, 'GBK call records with one bad byte',
     profile='generic')
case('c10_unterminated_quote_at_end.csv', HEADER + calls(20) + '90,2024-03-04 09:00:00,"A1,q,5,60,ANSWERED,1\n', 10,
     'a quote opened in the last row and never closed', rejects=['reject.unclosed_quote'])
case('c10_utf32.csv', b'\xff\xfe\x00\x00' + (HEADER + calls(10)).encode('utf-32-le'), 10, 'UTF-32 with a BOM',
     error='error.utf32')

with open(os.path.join(out, 'manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1, ensure_ascii=False)
print(f'{len(manifest)} hostile files in {out}')
