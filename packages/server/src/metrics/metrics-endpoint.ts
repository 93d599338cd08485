import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorFigures } from '../four-letter-words/monitor';
import type { StandaloneServer } from '../standalone-server';

/**
 * Prometheus text format of the `mntr` figures at `/metrics`, named as ZooKeeper's Prometheus
 * metrics provider names them (without the `zk_` prefix). Non-numeric figures are left out.
 */
export function prometheusText(server: StandaloneServer): string {
  let out = '';
  for (const [key, value] of monitorFigures(server)) {
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(number)) continue;
    const name = key.replace(/^zk_/, '');
    out += `# TYPE ${name} gauge\n${name} ${number}\n`;
  }
  return out;
}

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
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(prometheusText(server));
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
