/** What the app says when another tab changed the database under this one (see tab-status). */

/** This tab's connection was closed for a newer tab's upgrade: nothing can be stored here now. */
export const UPDATED_IN_ANOTHER_TAB =
  'Tandem was updated in another tab: reload this tab to keep working (what you type here cannot be saved until then).';

/** This newer tab's upgrade waits for an older tab that holds the database open. */
export const BLOCKED_BY_OLDER_TAB =
  'Another Tandem tab, still on the older version, holds your data open: reload or close that tab to finish the update.';
