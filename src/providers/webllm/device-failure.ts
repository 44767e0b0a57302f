import type { ErrorCode } from '../../core/errors';

/**
 * Errors after which the engine must be recreated and a failure recorded for this device. Its own
 * module so the app shell can ask without loading the error-rule table (errors.ts).
 */
export function isDeviceFailure(error: { code: ErrorCode }): boolean {
  return error.code === 'device-lost' || error.code === 'out-of-memory';
}
