/**
 * What other tabs did to this tab's database connection, for the app's banner. A newer tab that
 * upgrades the database closes this tab's connection (schema.ts): from then on nothing can be
 * stored here until a reload. A newer tab whose upgrade waits is told an older tab is the cause.
 */

import { UPDATED_IN_ANOTHER_TAB } from './status-text';

export class TabStatus {
  /** Set once this tab's database connection was closed for a newer tab's upgrade. */
  updatedElsewhere = $state(false);
  /** Set while this tab's upgrade waits for an older tab to let go of the database. */
  blockedByOlderTab = $state(false);

  /** The notice a refused write gives, or null while this tab can write. */
  get closedReason(): string | null {
    return this.updatedElsewhere ? UPDATED_IN_ANOTHER_TAB : null;
  }
}
