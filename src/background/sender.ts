// A message or port is trusted only when it comes from one of the extension's own pages
// (panel, devtools page); content scripts and web pages never get captured traffic.
export function isOwnExtensionPage(senderUrl: string | undefined, extensionBaseUrl: string): boolean {
  return typeof senderUrl === 'string' && senderUrl.startsWith(extensionBaseUrl);
}
