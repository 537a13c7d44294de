/**
 * The Content-Security-Policy of the renderer, sent by the Electron protocol
 * handler and by the browser-mode server alike. Only the app's own scripts
 * and styles run; it talks only to its own origin (the browser-mode
 * WebSocket is same-origin); nothing may frame it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
