/**
 * An error the user caused (bad input file, bad flag). The CLI prints its message on one line,
 * exits with code 2 and shows no stack trace. The message names the field and the fix.
 */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
  }
}
