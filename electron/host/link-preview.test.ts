import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLinkPreview, PREVIEW_LIMITS } from './link-preview';
import { startHost } from './host';

/** Pages by path; each a handler of its own, so a test can hold a response open or count requests. */
const pages = new Map<string, (request: IncomingMessage, response: ServerResponse) => void>();
const requests: string[] = [];
let server: Server;
let base = '';

const html = (body: string, type = 'text/html; charset=utf-8') => (_request: IncomingMessage, response: ServerResponse) => {
  response.writeHead(200, { 'content-type': type });
  response.end(body);
};

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const page = pages.get(request.url ?? '');
    if (page) return page(request, response);
    response.writeHead(404, { 'content-type': 'text/html' });
    response.end('<title>Not found</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pages.set('/article', html(`<!doctype html><html><head><meta charset="utf-8">
    <title>  Vector databases,
      explained &amp; compared </title>
    <meta name="description" content="How embeddings are stored &mdash; and searched.">
    </head><body><h1>Not this</h1></body></html>`));
  pages.set('/og', html(`<html><head><title>Site name | Post</title>
    <meta property="og:title" content="The post itself"><meta property="og:description" content="What it is about">
    <meta name="description" content="Generic site description"></head></html>`));
  pages.set('/latin', html('<title>Caf\xe9 culture in Vienna</title>', 'text/html; charset=iso-8859-1'));
  pages.set('/latin', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
    response.end(Buffer.from('<title>Caf\xe9 culture in Vienna</title>', 'latin1'));
  });
  pages.set('/moved', (_request, response) => {
    response.writeHead(301, { location: '/article' });
    response.end();
  });
  pages.set('/away', (_request, response) => {
    response.writeHead(302, { location: 'file:///etc/passwd' });
    response.end();
  });
  pages.set('/loop', (_request, response) => {
    response.writeHead(302, { location: '/loop' });
    response.end();
  });
  pages.set('/pdf', html('%PDF-1.7', 'application/pdf'));
  pages.set('/untitled', html('<html><head></head><body>Just text</body></html>'));
  pages.set('/slow', () => undefined);
  // A head that never ends: 2 MB of meta tags, then a title Kith must not read so far down.
  pages.set('/huge', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.write('<html><head><title>Early title</title>');
    const filler = '<meta name="x" content="' + 'y'.repeat(1000) + '">';
    for (let i = 0; i < 2000 && !response.destroyed; i++) response.write(filler);
    response.end('<meta name="description" content="far down"></head></html>');
  });
  pages.set('/huge-untitled', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    const filler = '<meta name="x" content="' + 'y'.repeat(1000) + '">';
    for (let i = 0; i < 2000 && !response.destroyed; i++) response.write(filler);
    response.end('<title>Too far down</title></head>');
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('reading a link preview from its page', () => {
  it('reads the title and description, entities decoded and spaces tidied', async () => {
    expect(await readLinkPreview(`${base}/article`)).toEqual({
      ok: true,
      title: 'Vector databases, explained & compared',
      description: 'How embeddings are stored — and searched.',
    });
  });

  it('prefers the Open Graph title and description', async () => {
    expect(await readLinkPreview(`${base}/og`)).toEqual({ ok: true, title: 'The post itself', description: 'What it is about' });
  });

  it('decodes the charset the page declares', async () => {
    expect(await readLinkPreview(`${base}/latin`)).toMatchObject({ ok: true, title: 'Café culture in Vienna' });
  });

  it('follows a redirect on the web, but not one off it, nor a loop', async () => {
    expect(await readLinkPreview(`${base}/moved`)).toMatchObject({ ok: true, title: 'Vector databases, explained & compared' });
    expect(await readLinkPreview(`${base}/away`)).toEqual({ ok: false, reason: 'failed', message: 'The link leads away from the web (file:). Type a title instead.' });
    const before = requests.filter((url) => url === '/loop').length;
    expect(await readLinkPreview(`${base}/loop`)).toEqual({ ok: false, reason: 'failed', message: 'The page redirects too many times. Type a title instead.' });
    expect(requests.filter((url) => url === '/loop').length - before).toBe(PREVIEW_LIMITS.maxRedirects + 1);
  });

  it('says why when the link is missing, not a page, untitled, unreachable or slow', async () => {
    expect(await readLinkPreview(`${base}/gone`)).toEqual({ ok: false, reason: 'failed', message: 'The page answered 404 Not Found. Type a title instead.' });
    expect(await readLinkPreview(`${base}/pdf`)).toEqual({ ok: false, reason: 'failed', message: 'That link is not a web page (application/pdf). Type a title instead.' });
    expect(await readLinkPreview(`${base}/untitled`)).toEqual({ ok: false, reason: 'failed', message: 'The page gives no title. Type a title instead.' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await readLinkPreview(`http://127.0.0.1:${port}/`)).toEqual({
      ok: false,
      reason: 'failed',
      message: 'Kith could not reach the page (ECONNREFUSED). Type a title instead.',
    });
    expect(await readLinkPreview(`${base}/slow`, { ...PREVIEW_LIMITS, timeoutMs: 300 })).toEqual({
      ok: false,
      reason: 'failed',
      message: 'The page took too long to answer. Type a title instead.',
    });
  });

  it('reads no more than its limit of a page', async () => {
    const limits = { ...PREVIEW_LIMITS, maxBytes: 64 * 1024 };
    expect(await readLinkPreview(`${base}/huge`, limits)).toEqual({ ok: true, title: 'Early title', description: '' });
    expect(await readLinkPreview(`${base}/huge-untitled`, limits)).toMatchObject({ ok: false, message: 'The page gives no title. Type a title instead.' });
    // With room for the whole page, the same title is found.
    expect(await readLinkPreview(`${base}/huge-untitled`, { ...limits, maxBytes: 4 * 1024 * 1024 })).toMatchObject({ ok: true, title: 'Too far down' });
  });
});

describe('the host’s linkPreview', () => {
  it('reads the page while previews are on, and sends no request once they are off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kith-preview-'));
    const host = await startHost({ dataDir: dir, mode: 'browser', version: 'test' });
    try {
      const session = host.openSession(() => undefined);
      expect(await host.handlers.linkPreview(session, `${base}/og`)).toMatchObject({ ok: true, title: 'The post itself' });
      await host.handlers.setSettings(session, { links: { previews: false } });
      const before = requests.length;
      expect(await host.handlers.linkPreview(session, `${base}/og`)).toEqual({
        ok: false,
        reason: 'off',
        message: 'Link previews are off in Settings: type the title.',
      });
      expect(requests.length).toBe(before);
    } finally {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
