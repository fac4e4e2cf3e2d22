/**
 * The renderer's Content-Security-Policy, sent as a header by the desktop
 * shell and by web mode. Nothing remote; scripts only from the app itself;
 * connections only back to where the page came from (web mode's WebSocket).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
