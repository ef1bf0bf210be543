// What the delivery log hears of each webhook POST that carried the right secret, once its answer has gone out.
import type { Request, Response } from 'express';
import type { NormalizedInsight, NormalizedLgpd } from '../intake/normalize.js';
import type { IntakeAnswer, IntakeOutcome } from '../intake/intake.js';

export interface DeliveryFacts {
  /** performance.now() when the request arrived: an LGPD request carried out after this moment wins over it. */
  startedAt: number;
  receivedAt: number;
  status: number;
  /** Body bytes as received (read, or announced by content-length when it was not read). */
  size: number;
  /** The parsed JSON body, whatever its shape; undefined when none was parsed. */
  body: unknown;
  event: NormalizedInsight | NormalizedLgpd | null;
  outcome: IntakeOutcome | null;
  replay: boolean;
}

export type DeliveryRecorder = (facts: DeliveryFacts) => void;

/** Where the listener leaves what the tap reads back (express's per-request `res.locals`). */
interface TapLocals {
  deliveryBodySize?: number;
  deliveryIntake?: IntakeAnswer;
}

/** express.json's `verify`: notes the body's size in bytes, which the parsed value no longer tells. */
export function noteBodySize(_req: unknown, res: unknown, buffer: Buffer): void {
  ((res as Response).locals as TapLocals).deliveryBodySize = buffer.length;
}

export function noteIntake(res: Response, answer: IntakeAnswer): void {
  (res.locals as TapLocals).deliveryIntake = answer;
}

function announcedSize(req: Request): number {
  const length = Number(req.headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 ? length : 0;
}

/** Calls `record` once the answer was written, off its path; whatever it throws goes to `onError`, never to WiFire. */
export function tapDelivery(
  req: Request,
  res: Response,
  record: DeliveryRecorder,
  onError: (error: unknown) => void,
): void {
  const startedAt = performance.now();
  const receivedAt = Date.now();
  res.once('finish', () => {
    try {
      const locals = res.locals as TapLocals;
      const intake = locals.deliveryIntake;
      record({
        startedAt,
        receivedAt,
        status: res.statusCode,
        size: locals.deliveryBodySize ?? announcedSize(req),
        body: locals.deliveryBodySize === undefined ? undefined : (req.body as unknown),
        event: intake?.event ?? null,
        outcome: intake?.outcome ?? null,
        replay: false,
      });
    } catch (error) {
      onError(error);
    }
  });
}
