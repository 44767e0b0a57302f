/** The routing feature's public face: what other features may use of it. */
export { default as RouteControls } from './RouteControls.svelte';
export {
  LOW_QUALITY_MEAN,
  LOW_QUALITY_MIN_RATINGS,
  isLowQuality,
  qualityEstimates,
  qualityKey,
  type QualityEstimate,
} from './quality';
export { type RouterState } from './router.svelte';
export { serverName } from './tiers';
