/**
 * One Resource Manager session: the credential (fetched once per scope and shared by every
 * client), the SDK clients, and the pipeline policy that every request passes through. That
 * policy is where the tool's promises are kept for every client at once: read-only (GET, plus
 * the Resource Graph query POST), bounded concurrency, the guards of guard.ts (the token's origin,
 * a deadline and a size bound on every response), throttling and retries within the scan's time
 * budget (retry.ts: the only retry mechanism; the SDK's retry policy is set to none), and a request
 * count for the benchmarks.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { formDataPolicyName, type PipelinePolicy } from '@azure/core-rest-pipeline';
import type { ServiceClient } from '@azure/core-client';
import { DefaultAzureCredential } from '@azure/identity';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { NetworkManagementClient } from '@azure/arm-network';
import { StorageManagementClient } from '@azure/arm-storage';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { CloudProfile } from '../model/cloud';
import type { ProgressSink } from './progress';
import { DEFAULT_RETRY, ThrottleGovernor, type RetrySettings } from './retry';
import { originGuardPolicy, responseGuardPolicy } from './guard';
import { rememberSecret } from './redact';

/** A counting semaphore: at most `limit` holders at once. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** Caches one token per scope set and shares one in-flight request, so `az` (or MSAL) runs once per scan. */
export class SharedTokenCredential implements TokenCredential {
  private readonly cache = new Map<string, Promise<AccessToken | null>>();
  fetches = 0;
  constructor(private readonly inner: TokenCredential) {}
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const key = ([] as string[]).concat(scopes).join(' ');
    const cached = this.cache.get(key);
    if (cached) {
      const token = await cached.catch(() => null);
      if (token && token.expiresOnTimestamp - Date.now() > 120_000) return token;
    }
    this.fetches++;
    const pending = this.inner.getToken(scopes, options);
    // The token's own value is redacted from every output, should a response ever echo it.
    pending.then(
      (t) => rememberSecret(t?.token),
      () => undefined,
    );
    this.cache.set(key, pending);
    pending.catch(() => this.cache.delete(key));
    return pending;
  }
}

export class ReadOnlyViolation extends Error {}

export { DEFAULT_CONCURRENCY } from './defaults';

export interface SessionStats {
  /** Attempts sent (retries included). */
  requests: number;
  /** Attempts answered or failed. */
  completed: number;
  byMethod: Record<string, number>;
  /** Answers with a 2xx status: none at all means nothing was readable (exit 2, not a partial scan). */
  ok: number;
}

export interface SessionOptions {
  cloud: CloudProfile;
  armEndpoint: string;
  concurrency: number;
  credential?: TokenCredential;
  /** Per-attempt deadline in ms, headers and body together (see guard.ts). */
  requestTimeoutMs?: number;
  /** The retry budget and backoff (retry.ts); unset fields take DEFAULT_RETRY's. */
  retry?: Partial<RetrySettings>;
  /** Structured events: throttling pauses and request counts. */
  onEvent?: ProgressSink;
  /** After each attempt: attempts done and still in flight (the progress display's count). */
  onRequestDone?: (done: number, inFlight: number) => void;
}

const ALLOWED_POST = /\/providers\/microsoft\.resourcegraph\/resources$/i;

export class ArmSession {
  readonly credential: SharedTokenCredential;
  readonly stats: SessionStats = { requests: 0, completed: 0, byMethod: {}, ok: 0 };
  readonly governor: ThrottleGovernor;
  private readonly semaphore: Semaphore;
  private readonly clients = new Map<string, unknown>();

  constructor(readonly options: SessionOptions) {
    this.credential = new SharedTokenCredential(options.credential ?? new DefaultAzureCredential());
    this.semaphore = new Semaphore(Math.max(1, options.concurrency));
    const retry = Object.fromEntries(Object.entries(options.retry ?? {}).filter(([, v]) => v !== undefined));
    this.governor = new ThrottleGovernor({ ...DEFAULT_RETRY, ...retry }, options.onEvent);
  }

  /** Runs once per request, after the SDK's (disabled) retry phase; the governor makes every attempt. */
  private policy(): PipelinePolicy {
    return {
      name: 'amlnetReadOnlyBoundedPolicy',
      sendRequest: async (request, next) => {
        const method = request.method.toUpperCase();
        if (method !== 'GET' && !(method === 'POST' && ALLOWED_POST.test(new URL(request.url).pathname))) {
          throw new ReadOnlyViolation(`amlnet is read-only and refused to send ${method} ${new URL(request.url).pathname}`);
        }
        return this.governor.send(
          request,
          async (req) => {
            this.stats.requests++;
            this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
            try {
              const response = await next(req);
              if (response.status >= 200 && response.status < 300) this.stats.ok++;
              return response;
            } finally {
              this.stats.completed++;
              this.options.onRequestDone?.(this.stats.completed, this.stats.requests - this.stats.completed);
            }
          },
          this.semaphore,
        );
      },
    };
  }

  private clientOptions(): Record<string, unknown> {
    return {
      endpoint: this.options.armEndpoint,
      // The generated clients derive the scope from `endpoint`; a custom endpoint (tests, Azure
      // Stack) must still ask for the Resource Manager audience of the cloud.
      credentialScopes: [this.options.cloud.armScope],
      // The response guard comes after the bound, so its deadline starts when the request leaves.
      additionalPolicies: [
        { policy: this.policy(), position: 'perRetry' },
        { policy: responseGuardPolicy({ armEndpoint: this.options.armEndpoint, deadlineMs: this.options.requestTimeoutMs }), position: 'perRetry' },
      ],
      // Resource Manager does not redirect reads; a 3xx is refused by the response guard, not followed.
      redirectOptions: { maxRetries: 0 },
      // Exactly one retry mechanism: the governor's (it knows the budget and the shared pauses).
      retryOptions: { maxRetries: 0 },
      userAgentOptions: { userAgentPrefix: 'amlnet' },
    };
  }

  private client<T extends ServiceClient>(key: string, make: () => T): T {
    let c = this.clients.get(key) as T | undefined;
    if (!c) {
      c = make();
      // amlnet sends no form data (GETs and one JSON POST). The policy's `typeof FormData` check
      // loads Node's fetch implementation (undici, ~10 ms) on the first request of a scan, while
      // nothing is in flight yet.
      c.pipeline.removePolicy({ name: formDataPolicyName });
      // Before the bearer-token policy, so a URL of another origin never gets the header (or a token request).
      const origin = originGuardPolicy(this.options.armEndpoint);
      c.pipeline.addPolicy(origin.policy, { beforePolicies: origin.beforePolicies });
      this.clients.set(key, c);
    }
    return c;
  }

  ml(subscriptionId: string): AzureMachineLearningWorkspaces {
    return this.client(`ml:${subscriptionId}`, () => new AzureMachineLearningWorkspaces(this.credential, subscriptionId, this.clientOptions()));
  }
  network(subscriptionId: string): NetworkManagementClient {
    return this.client(`net:${subscriptionId}`, () => new NetworkManagementClient(this.credential, subscriptionId, this.clientOptions()));
  }
  storage(subscriptionId: string): StorageManagementClient {
    return this.client(`st:${subscriptionId}`, () => new StorageManagementClient(this.credential, subscriptionId, this.clientOptions()));
  }
  keyVault(subscriptionId: string): KeyVaultManagementClient {
    return this.client(`kv:${subscriptionId}`, () => new KeyVaultManagementClient(this.credential, subscriptionId, this.clientOptions()));
  }
  containerRegistry(subscriptionId: string): ContainerRegistryManagementClient {
    return this.client(`acr:${subscriptionId}`, () => new ContainerRegistryManagementClient(this.credential, subscriptionId, this.clientOptions()));
  }
  containerService(subscriptionId: string): ContainerServiceClient {
    return this.client(`aks:${subscriptionId}`, () => new ContainerServiceClient(this.credential, subscriptionId, this.clientOptions()));
  }
  privateDns(subscriptionId: string): PrivateDnsManagementClient {
    return this.client(`dns:${subscriptionId}`, () => new PrivateDnsManagementClient(this.credential, subscriptionId, this.clientOptions()));
  }
  authorization(subscriptionId: string): AuthorizationManagementClient {
    return this.client(`auth:${subscriptionId}`, () => new AuthorizationManagementClient(this.credential, subscriptionId, this.clientOptions()));
  }
}
