// Which headers the panel highlights as CORS-relevant in the header tables.
const CORS_HEADERS = new Set(['origin', 'vary', 'location', 'cookie', 'authorization']);

export function isCorsHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('access-control-') || CORS_HEADERS.has(n);
}
