// A pop-up the OS did not show, as both headless backends report it: a short code, never the pop-up's words.
export class NotifierError extends Error {
  constructor(readonly code: string) {
    super(`the notification could not be shown (${code})`);
    this.name = 'NotifierError';
  }
}
