/**
 * What this browser and device offer for local models, as a plain serialisable object.
 *
 * Runs in the page or a worker. Everything is read through an injectable `env` so tests can
 * pass fakes. Nothing here throws: a failing probe is recorded in the profile.
 *
 * Measured in headless Chromium 156 with --enable-unsafe-webgpu (SwiftShader):
 *   adapter.info = { vendor: 'google', architecture: 'swiftshader', device: '', description: '',
 *   isFallbackAdapter: true }, `adapter.isFallbackAdapter` undefined (moved to info),
 *   `requestAdapterInfo` undefined, no 'shader-f16' (has 'subgroups'), maxBufferSize and
 *   maxStorageBufferBindingSize 1073741824, navigator.deviceMemory 16, hardwareConcurrency 2.
 */

export type WebGPUUnavailableReason =
  'insecure-context' | 'no-navigator-gpu' | 'no-adapter' | 'request-adapter-threw';

export interface GpuAdapterProfile {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** From `adapter.info.isFallbackAdapter` (or the older `adapter.isFallbackAdapter`); null if neither. */
  isFallbackAdapter: boolean | null;
  /** A software rasteriser (SwiftShader, WARP, llvmpipe), by flag or by name. */
  isSoftware: boolean;
  features: string[];
  hasShaderF16: boolean;
  limits: {
    maxBufferSize: number | null;
    maxStorageBufferBindingSize: number | null;
    maxComputeWorkgroupStorageSize: number | null;
    maxStorageBuffersPerShaderStage: number | null;
    maxComputeInvocationsPerWorkgroup: number | null;
  };
}

export type WebGPUProfile =
  | { available: true; adapter: GpuAdapterProfile }
  | { available: false; reason: WebGPUUnavailableReason; detail: string };

export interface HardwareProfile {
  webgpu: WebGPUProfile;
  /** `navigator.hardwareConcurrency`; null when not exposed. */
  cpuThreads: number | null;
  /** `navigator.deviceMemory` in GB (coarse, rounded by the browser); null when not exposed. */
  deviceMemoryGB: number | null;
  storage: { quotaBytes: number | null; usageBytes: number | null } | null;
  crossOriginIsolated: boolean;
  isSecureContext: boolean;
  /** ISO time of the detection. */
  detectedAt: string;
}

/** The minimum of WebGPU's API this module touches (structural, so fakes are easy). */
export interface AdapterLike {
  readonly features: {
    has(name: string): boolean;
    forEach?(cb: (v: string) => void): void;
  } & Iterable<string>;
  readonly limits: Record<string, unknown> | object;
  readonly info?: Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>> & {
    isFallbackAdapter?: boolean;
  };
  readonly isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<
    Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>>
  >;
}

export interface HardwareEnv {
  navigator?: {
    gpu?: {
      requestAdapter(options?: {
        powerPreference?: 'high-performance' | 'low-power';
      }): Promise<AdapterLike | null>;
    };
    hardwareConcurrency?: number;
    deviceMemory?: number;
    storage?: { estimate?(): Promise<{ quota?: number; usage?: number }> };
  };
  isSecureContext?: boolean;
  crossOriginIsolated?: boolean;
  now?: () => Date;
}

function defaultEnv(): HardwareEnv {
  const g = globalThis as unknown as {
    navigator?: HardwareEnv['navigator'];
    isSecureContext?: boolean;
    crossOriginIsolated?: boolean;
  };
  return {
    navigator: g.navigator,
    isSecureContext: g.isSecureContext,
    crossOriginIsolated: g.crossOriginIsolated,
  };
}

const SOFTWARE_RE = /swiftshader|llvmpipe|lavapipe|softpipe|warp|microsoft basic render|software/i;

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function str(x: unknown): string {
  return typeof x === 'string' ? x : '';
}

export async function profileAdapter(adapter: AdapterLike): Promise<GpuAdapterProfile> {
  let info: AdapterLike['info'] = adapter.info;
  if (!info && typeof adapter.requestAdapterInfo === 'function') {
    try {
      info = await adapter.requestAdapterInfo();
    } catch {
      info = undefined;
    }
  }
  const features = [...adapter.features].map(String).sort();
  const limits = adapter.limits as Record<string, unknown>;
  const vendor = str(info?.vendor);
  const architecture = str(info?.architecture);
  const device = str(info?.device);
  const description = str(info?.description);
  const flag =
    typeof info?.isFallbackAdapter === 'boolean'
      ? info.isFallbackAdapter
      : typeof adapter.isFallbackAdapter === 'boolean'
        ? adapter.isFallbackAdapter
        : null;
  return {
    vendor,
    architecture,
    device,
    description,
    isFallbackAdapter: flag,
    isSoftware: flag === true || SOFTWARE_RE.test(`${vendor} ${architecture} ${description}`),
    features,
    hasShaderF16: adapter.features.has('shader-f16'),
    limits: {
      maxBufferSize: num(limits.maxBufferSize),
      maxStorageBufferBindingSize: num(limits.maxStorageBufferBindingSize),
      maxComputeWorkgroupStorageSize: num(limits.maxComputeWorkgroupStorageSize),
      maxStorageBuffersPerShaderStage: num(limits.maxStorageBuffersPerShaderStage),
      maxComputeInvocationsPerWorkgroup: num(limits.maxComputeInvocationsPerWorkgroup),
    },
  };
}

export async function detectWebGPU(env: HardwareEnv = defaultEnv()): Promise<WebGPUProfile> {
  const gpu = env.navigator?.gpu;
  if (!gpu) {
    // Chrome hides navigator.gpu outside secure contexts; say which it is.
    if (env.isSecureContext === false) {
      return {
        available: false,
        reason: 'insecure-context',
        detail: 'WebGPU needs a secure context (https:// or localhost); this page is not one.',
      };
    }
    return {
      available: false,
      reason: 'no-navigator-gpu',
      detail:
        'This browser does not expose WebGPU (navigator.gpu is missing). It may be disabled or unsupported.',
    };
  }
  let adapter: AdapterLike | null;
  try {
    // The same preference WebLLM asks for.
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return {
      available: false,
      reason: 'request-adapter-threw',
      detail: `requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!adapter) {
    return {
      available: false,
      reason: 'no-adapter',
      detail:
        'WebGPU is present but no GPU adapter is available (blocklisted GPU, disabled hardware acceleration, or no GPU).',
    };
  }
  return { available: true, adapter: await profileAdapter(adapter) };
}

export async function detectHardware(env: HardwareEnv = defaultEnv()): Promise<HardwareProfile> {
  const nav = env.navigator;
  let storage: HardwareProfile['storage'] = null;
  if (nav?.storage?.estimate) {
    try {
      const est = await nav.storage.estimate();
      storage = { quotaBytes: num(est.quota), usageBytes: num(est.usage) };
    } catch {
      storage = null;
    }
  }
  return {
    webgpu: await detectWebGPU(env),
    cpuThreads: num(nav?.hardwareConcurrency),
    deviceMemoryGB: num(nav?.deviceMemory),
    storage,
    crossOriginIsolated: env.crossOriginIsolated === true,
    isSecureContext: env.isSecureContext !== false,
    detectedAt: (env.now?.() ?? new Date()).toISOString(),
  };
}
