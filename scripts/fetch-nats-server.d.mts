// Types for fetch-nats-server.mjs, so the TypeScript tests can import it under strict settings.

export type Target = 'win-x64' | 'mac-x64' | 'mac-arm64' | 'linux-x64';

export interface TargetSpec {
  /** The release's names: windows, darwin, linux; amd64, arm64. */
  os: string;
  arch: string;
  format: 'zip' | 'tar.gz';
  binary: 'nats-server' | 'nats-server.exe';
}

export type Check = 'pinned' | 'SHA256SUMS';

export interface FetchResult {
  target: string;
  asset: string;
  path: string;
  downloaded: boolean;
  check: Check;
}

export interface FetchOptions {
  baseUrl?: string;
  targets?: readonly string[];
  out?: string;
  checksums?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_BASE_URL: string;
export const DEFAULT_CHECKSUMS: string;
export const DEFAULT_OUT: string;
export const TARGETS: Readonly<Record<Target, Readonly<TargetSpec>>>;

export class FetchError extends Error {}

export function assetName(version: string, target: string): string;
export function readChecksums(file: string): Promise<{ version: string; pinned: Map<string, string> }>;
export function parseSha256Sums(text: string): Map<string, string>;
export function extractFromTarGz(archive: Buffer, binary: string, asset?: string): Buffer;
export function extractFromZip(archive: Buffer, binary: string, asset?: string): Buffer;
export function fetchNatsServer(options?: FetchOptions): Promise<FetchResult[]>;
export function main(argv?: readonly string[], env?: NodeJS.ProcessEnv): Promise<number>;
