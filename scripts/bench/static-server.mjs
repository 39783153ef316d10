// A small static file server for the benchmarks: serves a built folder on localhost the way a
// static host does (index.html for folders, 404.html with status 404, gzip for text and wasm),
// so that the bytes on the wire are what a reader downloads.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};
// woff2, woff and png are compressed already; gzip would gain nothing.
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.wasm',
  '.ttf',
  '.txt',
  '.xml',
]);

/** Gzip (zlib's default level 6, as most hosts use) of a file, cached by path and mtime. */
const gzipCache = new Map();
export function gzipped(file) {
  const { mtimeMs } = fs.statSync(file);
  const hit = gzipCache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.body;
  const body = zlib.gzipSync(fs.readFileSync(file));
  gzipCache.set(file, { mtimeMs, body });
  return body;
}

function resolveFile(dir, pathname) {
  const local = path.join(dir, pathname);
  if (!local.startsWith(dir)) return null;
  if (fs.existsSync(local) && fs.statSync(local).isFile()) return local;
  const index = path.join(local, 'index.html');
  if (fs.existsSync(index)) return index;
  return null;
}

/** Serves `dir` on http://localhost:port/; resolves with { url, close() }. */
export function serveStatic(dir, port) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolveFile(root, pathname);
    let status = 200;
    if (!file) {
      status = 404;
      file = path.join(root, '404.html');
      if (!fs.existsSync(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
    }
    const ext = path.extname(file);
    const headers = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
    };
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    let body;
    if (acceptsGzip && COMPRESSIBLE.has(ext)) {
      body = gzipped(file);
      headers['Content-Encoding'] = 'gzip';
    } else {
      body = fs.readFileSync(file);
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', () =>
      resolve({
        url: `http://localhost:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
