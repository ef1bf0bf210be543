// The electronegativity gate's rules, kept pure so they are tested without running the tool.

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];
export const BLOCKING_SEVERITIES = ['HIGH', 'MEDIUM'];
const CONFIDENCES = ['TENTATIVE', 'FIRM', 'CERTAIN'];

/**
 * One issue object from electronegativity's runner as a plain finding.
 * Throws on a shape the gate does not know: an unreadable finding must stop the gate, not pass it.
 */
export function toFinding(issue) {
  const id = issue?.id;
  if (typeof id !== 'string' || !/^[A-Z0-9_]+$/.test(id))
    throw new Error(`unreadable finding: ${JSON.stringify(issue)}`);
  const severity = issue.severity?.name;
  if (!SEVERITIES.includes(severity)) throw new Error(`${id}: unknown severity ${JSON.stringify(severity)}`);
  const confidence = issue.confidence?.name;
  if (!CONFIDENCES.includes(confidence)) throw new Error(`${id}: unknown confidence ${JSON.stringify(confidence)}`);
  return {
    issue: id,
    severity,
    confidence,
    file: typeof issue.file === 'string' ? issue.file : 'N/A',
    line: Number(issue.location?.line ?? 0),
    column: Number(issue.location?.column ?? 0),
    sample: typeof issue.sample === 'string' ? issue.sample : '',
    description: typeof issue.description === 'string' ? issue.description : '',
  };
}

/** Every allowlist entry names an issue and says in a line why it is acceptable; throws otherwise. */
export function checkAllowlist(entries) {
  for (const entry of entries) {
    if (typeof entry?.issue !== 'string' || entry.issue === '') {
      throw new Error(`allowlist entry without an issue: ${JSON.stringify(entry)}`);
    }
    if (typeof entry.why !== 'string' || entry.why.trim() === '') {
      throw new Error(`allowlist entry for ${entry.issue} says nothing about why it is acceptable`);
    }
    if (entry.count !== undefined && !(Number.isInteger(entry.count) && entry.count > 0)) {
      throw new Error(`allowlist entry for ${entry.issue} has a count that is not a positive whole number`);
    }
  }
  return entries;
}

/**
 * Sorts findings into blocking (HIGH or MEDIUM, not allowlisted), allowed and passing (LOW, INFORMATIONAL), and
 * counts files the tool could not analyse as a failure: their findings would be missing from the report.
 * An allowlist entry with a `count` covers that many findings; one more (a new window, a new call) blocks again.
 */
export function judge({ findings, errors = [], allowlist = [] }) {
  checkAllowlist(allowlist);
  const used = new Map(allowlist.map((entry) => [entry, 0]));
  const blocking = [];
  const allowed = [];
  const passing = [];
  for (const finding of findings) {
    if (!BLOCKING_SEVERITIES.includes(finding.severity)) {
      passing.push(finding);
      continue;
    }
    const entry = allowlist.find(
      (candidate) =>
        candidate.issue === finding.issue &&
        (candidate.file === undefined || candidate.file === finding.file) &&
        (candidate.count === undefined || used.get(candidate) < candidate.count),
    );
    if (entry === undefined) {
      blocking.push(finding);
      continue;
    }
    used.set(entry, used.get(entry) + 1);
    allowed.push({ ...finding, why: entry.why });
  }
  const unanalysed = errors.filter((error) => !error.tolerable);
  const unused = allowlist.filter((entry) => used.get(entry) === 0);
  return { passed: blocking.length === 0 && unanalysed.length === 0, blocking, allowed, passing, unanalysed, unused };
}

function clip(text, width) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** A short plain-text table of every finding, the blocking ones first. */
export function formatReport(verdict) {
  const bySeverity = (a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity);
  const rows = [
    ...verdict.blocking.toSorted(bySeverity).map((finding) => ({ status: 'FAIL', finding, note: finding.sample })),
    ...verdict.allowed.toSorted(bySeverity).map((finding) => ({ status: 'allowed', finding, note: finding.why })),
    ...verdict.passing.toSorted(bySeverity).map((finding) => ({ status: 'pass', finding, note: finding.sample })),
  ];
  const cells = rows.map(({ status, finding, note }) => [
    status,
    `${finding.severity}/${finding.confidence}`,
    finding.issue,
    finding.file === 'N/A' ? '(whole app)' : `${finding.file}:${finding.line}:${finding.column}`,
    clip(note || finding.description, 70),
  ]);
  const header = ['verdict', 'severity', 'issue', 'where', 'sample or reason'];
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i].length)));
  const line = (row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = cells.length === 0 ? ['no findings'] : [line(header), ...cells.map(line)];
  for (const error of verdict.unanalysed) lines.push(`NOT ANALYSED  ${error.file}: ${clip(error.message, 100)}`);
  for (const entry of verdict.unused) {
    lines.push(
      `note: the allowlist entry ${entry.issue}${entry.file ? ` in ${entry.file}` : ''} matched nothing; remove it`,
    );
  }
  return lines.join('\n');
}
