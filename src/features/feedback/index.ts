/** The feedback feature's public face: what other features may use of it. */
export { default as FeedbackControls } from './FeedbackControls.svelte';
export { type FeedbackPatch, type FeedbackState } from './feedback.svelte';
