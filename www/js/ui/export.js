// CSV and JSON downloads, made in the page (Blob + object URL): nothing is sent anywhere.

/**
 * One CSV cell. A text cell starting with = + - @ tab or CR could be run as a formula by a
 * spreadsheet (CSV injection), so it gets a leading apostrophe. Numbers are written as numbers
 * (a negative number is data, not a formula).
 */
export function csvCell(v) {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  if (/[",\r\n]/.test(s) || s !== s.trim()) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

/** UTF-8 with BOM, CRLF line ends: Excel then opens Chinese text correctly. */
export function toCsv(header, rows) {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export const downloadCsv = (name, header, rows) => download(name, toCsv(header, rows), 'text/csv;charset=utf-8');
export const downloadJson = (name, obj) => download(name, JSON.stringify(obj, null, 2), 'application/json');
