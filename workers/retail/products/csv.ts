import { fail, ok, type Result } from '../../core/result';

export interface CsvRecord {
  /** The line of the file where the record starts (1-based; the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  delimiter: ',' | ';' | '\t';
  records: CsvRecord[];
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter of the first line: whichever of `,` `;` and tab occurs most often outside
 * quotes (Argentine Excel writes `;` because `,` is its decimal separator); `,` on a tie.
 */
function detectDelimiter(text: string): CsvTable['delimiter'] {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: CsvTable['delimiter'] = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/**
 * An RFC 4180 parser: fields may be quoted, `""` inside quotes is one `"`, quoted fields may span
 * lines; records end with LF, CRLF or CR; a leading BOM is dropped; rows of empty fields are skipped.
 * A quote that does not open or close a field, or a quoted field never closed, is malformed
 * (`MALFORMED_CSV`, with the line in the message).
 */
export function parseCsv(input: string): Result<CsvTable, 'MALFORMED_CSV'> {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  // 'start' of a field, inside an 'unquoted' or a 'quoted' one, or just 'closed' a quoted one.
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start';

  const endField = () => {
    fields.push(field);
    field = '';
    state = 'start';
  };
  const endRecord = () => {
    endField();
    // Blank lines, and the `;;;;` rows spreadsheets write for empty rows, carry no record.
    if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (state === 'quoted') {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else state = 'closed';
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === delimiter) {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (ch === '"') {
      if (state !== 'start') {
        return fail('MALFORMED_CSV', `Malformed CSV at line ${line}: a quote must open or close a whole field`);
      }
      state = 'quoted';
      quoteLine = line;
    } else {
      if (state === 'closed') {
        return fail('MALFORMED_CSV', `Malformed CSV at line ${line}: unexpected text after a closing quote`);
      }
      state = 'unquoted';
      field += ch;
    }
  }
  if (state === 'quoted') {
    return fail('MALFORMED_CSV', `Malformed CSV at line ${quoteLine}: a quoted field is never closed`);
  }
  if (state !== 'start' || field !== '' || fields.length > 0) endRecord();
  return ok({ delimiter, records });
}
