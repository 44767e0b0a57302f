import { describe, expect, it } from 'vitest';
import {
  STORAGE_FULL,
  STORAGE_FULL_REMEDY,
  TandemError,
  isAbortError,
  isStorageFull,
  serializeError,
  storageFullError,
  toTandemError,
} from './errors';

const quota = (): DOMException => new DOMException('', 'QuotaExceededError');

describe('isStorageFull', () => {
  it("knows a refused write by the error's name or legacy code, never by its text", () => {
    expect(isStorageFull(quota())).toBe(true);
    expect(isStorageFull({ name: 'Error', code: 22 })).toBe(true);
    expect(isStorageFull(new TandemError('quota-exceeded', 'Not enough storage for the model.'))).toBe(true);
    expect(isStorageFull(new Error('QuotaExceededError: the quota has been exceeded'))).toBe(false);
    expect(isStorageFull(new DOMException('quota', 'AbortError'))).toBe(false);
    expect(isStorageFull(new TandemError('unknown', 'storage is full'))).toBe(false);
    expect(isStorageFull(null)).toBe(false);
    expect(isStorageFull('QuotaExceededError')).toBe(false);
  });

  it('turns a raw quota error into the typed notice: what failed and what to free', () => {
    const typed = toTandemError(quota());
    expect(typed.code).toBe('quota-exceeded');
    expect(typed.message).toBe(`${STORAGE_FULL} ${STORAGE_FULL_REMEDY}`);
    expect(typed.message).toContain('Could not save: storage is full');
    expect(typed.message).toContain('delete downloaded models on the Models page');
    expect(serializeError(quota()).code).toBe('quota-exceeded');
    expect(isAbortError(quota())).toBe(false);
  });

  it('a typed storage-full error keeps its own message and says what was kept', () => {
    const error = storageFullError(quota(), 'Your message is kept in the box.');
    expect(isStorageFull(error)).toBe(true);
    expect(error.message).toBe(`${STORAGE_FULL} Your message is kept in the box. ${STORAGE_FULL_REMEDY}`);
    expect(toTandemError(error)).toBe(error);
    expect(error.cause).toBeInstanceOf(DOMException);
  });
});
