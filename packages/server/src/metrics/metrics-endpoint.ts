import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StandaloneServer } from '../standalone-server';
import { prometheusText } from './metric-values';

/** Serves `/metrics` on `host:port` (0 = a free port); resolves with the bound port. */
export function startMetricsEndpoint(
  server: StandaloneServer,
  host: string,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const http: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
      .end(prometheusText(server, undefined));
  });
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
