/** Hugging Face Hub repository ids, as typed by users and stored in settings. */

/** Longest repo id accepted (the Hub allows 96 characters per part). */
export const MAX_REPO_ID_LENGTH = 200;

/** A Hub repo id: "owner/name" with the characters the Hub allows, at most 200 characters. */
export function isValidRepoId(repo: string): boolean {
  const trimmed = repo.trim();
  return trimmed.length <= MAX_REPO_ID_LENGTH && /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(trimmed);
}
