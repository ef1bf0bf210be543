// Types for electronegativity-verdict.mjs, so the TypeScript tests can import it under strict settings.

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
export type Confidence = 'TENTATIVE' | 'FIRM' | 'CERTAIN';

export interface Finding {
  issue: string;
  severity: Severity;
  confidence: Confidence;
  /** Relative to the scanned folder, or `N/A` for a whole-app (global) check. */
  file: string;
  line: number;
  column: number;
  sample: string;
  description: string;
}

export interface AllowEntry {
  issue: string;
  /** Only this file; every file when absent. */
  file?: string;
  /** At most this many findings; any more block again. Unlimited when absent. */
  count?: number;
  why: string;
}

export interface AnalysisError {
  file: string;
  message: string;
  tolerable: boolean;
}

export interface Verdict {
  passed: boolean;
  blocking: Finding[];
  allowed: (Finding & { why: string })[];
  passing: Finding[];
  unanalysed: AnalysisError[];
  /** Allowlist entries that matched no finding: stale, to be removed. */
  unused: AllowEntry[];
}

export const SEVERITIES: readonly Severity[];
export const BLOCKING_SEVERITIES: readonly Severity[];
export function toFinding(issue: unknown): Finding;
export function checkAllowlist(entries: readonly AllowEntry[]): readonly AllowEntry[];
export function judge(input: {
  findings: readonly Finding[];
  errors?: readonly AnalysisError[];
  allowlist?: readonly AllowEntry[];
}): Verdict;
export function formatReport(verdict: Verdict): string;
