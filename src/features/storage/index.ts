/** The storage feature's public face: what other features may use of it. */
export { type StorageState } from './storage.svelte';
