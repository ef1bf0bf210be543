// How a bridge method fails, on both transports; zod-free so the page's bridge script stays a few kilobytes.

export const BRIDGE_ERROR_CODES = ['invalid_request', 'not_found', 'unavailable', 'forbidden', 'internal'] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export interface BridgeIssue {
  path: string;
  message: string;
}

/** `message` is in the desk's language and never holds personal data. */
export interface BridgeErrorBody {
  code: BridgeErrorCode;
  message: string;
  issues?: BridgeIssue[];
}

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly issues?: BridgeIssue[],
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** Reads an error body from the other side without trusting its shape. */
export function readBridgeErrorBody(value: unknown): BridgeErrorBody | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message, issues } = value as Record<string, unknown>;
  if (typeof code !== 'string' || !(BRIDGE_ERROR_CODES as readonly string[]).includes(code)) return null;
  if (typeof message !== 'string') return null;
  const body: BridgeErrorBody = { code: code as BridgeErrorCode, message };
  if (Array.isArray(issues)) {
    body.issues = issues
      .filter((i): i is BridgeIssue => typeof i?.path === 'string' && typeof i?.message === 'string')
      .map(({ path, message: text }) => ({ path, message: text }));
  }
  return body;
}
