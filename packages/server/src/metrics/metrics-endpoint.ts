import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServingHost } from '../connection/serving-host';
import type { EnsembleView } from '../ensemble/ensemble-view';
import { prometheusText } from './metric-values';

/**
 * Serves `/metrics` on `host:port` (0 = a free port); resolves with the bound port. `ensemble`:
 * how a member describes itself (its ensemble metrics are then included).
 */
export function startMetricsEndpoint(
  server: ServingHost,
  host: string,
  port: number,
  ensemble?: EnsembleView,
): Promise<{ port: number; close(): Promise<void> }> {
  const http: Server = createServer(
    {
      // a scraper sends its request at once: do not let a client hold a socket with a half request
      headersTimeout: 5_000,
      requestTimeout: 10_000,
      connectionsCheckingInterval: 1_000,
    },
    (request, response) => {
      // the query string is ignored (scrapers add their own parameters)
      if ((request.url ?? '').split('?', 1)[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('use GET\n');
        return;
      }
      response
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        .end(prometheusText(server, ensemble));
    },
  );
  http.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve({
        port: (http.address() as AddressInfo).port,
        close: () => new Promise((done) => http.close(() => done())),
      });
    });
  });
}
