/**
 * The `test` every end-to-end spec uses: it runs the test under the app's Content-Security-
 * Policy and fails it on any violation. It checks the app's pages arrive with the policy
 * header, and collects violations two ways: the `securitypolicyviolation` event in every page,
 * and Chromium's "Refused to …" console reports (which also cover workers).
 */
import { test as base, expect } from '@playwright/test';

export { expect };

export interface CspGuard {
  /** Violations seen so far (for a test that provokes one on purpose). */
  violations: string[];
  /** Lets violations whose text matches `pattern` pass (only for tests that provoke them). */
  allow(pattern: RegExp): void;
}

const CSP_CONSOLE = /Content Security Policy|Content-Security-Policy|CSP violation/i;

export const test = base.extend<{ csp: CspGuard }>({
  csp: [
    async ({ context, baseURL }, use) => {
      const violations: string[] = [];
      const allowed: RegExp[] = [];
      const documents: { url: string; policy: string | undefined }[] = [];
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(
            `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
          );
        });
      });
      context.on('console', (message) => {
        if (message.type() === 'error' && CSP_CONSOLE.test(message.text())) violations.push(message.text());
      });
      context.on('response', (response) => {
        const request = response.request();
        if (request.resourceType() === 'document' && baseURL && response.url().startsWith(baseURL)) {
          documents.push({ url: response.url(), policy: response.headers()['content-security-policy'] });
        }
      });
      await use({ violations, allow: (pattern) => allowed.push(pattern) });
      const unexpected = violations.filter((v) => !allowed.some((p) => p.test(v)));
      expect(unexpected, 'Content-Security-Policy violations').toEqual([]);
      for (const doc of documents) {
        expect(doc.policy, `CSP header on ${doc.url}`).toContain("default-src 'none'");
      }
    },
    { auto: true },
  ],
});
