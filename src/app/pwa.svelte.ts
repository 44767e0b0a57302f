/** Service worker registration and the "new version available" prompt. */
import { registerSW } from 'virtual:pwa-register';

export class PwaState {
  needRefresh = $state(false);
  offlineReady = $state(false);
  private updateSW: ((reload?: boolean) => Promise<void>) | null = null;

  register(): void {
    if (!('serviceWorker' in navigator)) return;
    this.updateSW = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.needRefresh = true),
      onOfflineReady: () => (this.offlineReady = true),
    });
  }

  async update(): Promise<void> {
    await this.updateSW?.(true);
  }

  dismiss(): void {
    this.needRefresh = false;
  }
}
