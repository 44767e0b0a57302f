/**
 * Test fixtures of real adapters, as measured. Headless Chromium 156 (Debian) with
 * `--enable-unsafe-webgpu`, page on http://127.0.0.1 (secure context):
 *   adapter.info = { vendor: 'google', architecture: 'swiftshader', device: '', description: '',
 *   isFallbackAdapter: true, subgroupMinSize: 4, subgroupMaxSize: 4 }; `adapter.isFallbackAdapter`
 *   and `adapter.requestAdapterInfo` are undefined; same adapter for every powerPreference;
 *   navigator.deviceMemory 16, hardwareConcurrency 2, storage quota 10737418240, not isolated.
 */
import type { AdapterLike } from './detect';

export const SWIFTSHADER_FEATURES = [
  'bgra8unorm-storage',
  'chromium-experimental-sampling-resource-table',
  'chromium-experimental-timestamp-query-inside-passes',
  'clip-distances',
  'core-features-and-limits',
  'depth-clip-control',
  'depth32float-stencil8',
  'float32-blendable',
  'float32-filterable',
  'indirect-first-instance',
  'rg11b10ufloat-renderable',
  'subgroup-size-control',
  'subgroups',
  'texture-component-swizzle',
  'texture-compression-astc',
  'texture-compression-astc-sliced-3d',
  'texture-compression-bc',
  'texture-compression-bc-sliced-3d',
  'texture-compression-etc2',
  'texture-compression-unaligned',
  'timestamp-query',
] as const;

export const SWIFTSHADER_LIMITS = {
  maxBufferSize: 1073741824,
  maxStorageBufferBindingSize: 1073741824,
  maxComputeWorkgroupStorageSize: 32768,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  maxUniformBufferBindingSize: 65536,
} as const;

export function swiftShaderAdapter(): AdapterLike {
  return {
    features: new Set<string>(SWIFTSHADER_FEATURES),
    limits: { ...SWIFTSHADER_LIMITS },
    info: {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: true,
    },
  };
}
