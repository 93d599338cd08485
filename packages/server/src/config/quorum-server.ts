/** One `server.N=` line: a member of the ensemble (for the replicated modes). */
export interface QuorumServerConfig {
  /** N, the server's id (its myid), 0..254 because it becomes the top byte of session ids. */
  id: number;
  host: string;
  /** Port followers use to talk to the leader. */
  quorumPort: number;
  /** Port for leader election. */
  electionPort: number;
  role: 'participant' | 'observer';
  /** Client address and port from the `;[clientAddr:]clientPort` suffix (dynamic-config style). */
  clientPort?: number;
  clientPortAddress?: string;
}

const FORMAT = 'host:quorumPort:electionPort[:participant|observer][;[clientAddress:]clientPort]';

/**
 * Parses the value of `server.<id>`; returns the entry, or a message saying what was expected.
 * Hosts may be IPv6 literals in brackets (`[::1]:2888:3888`).
 */
export function parseQuorumServer(idText: string, spec: string): QuorumServerConfig | string {
  const got = `got ${JSON.stringify(spec)}`;
  const id = /^\d+$/.test(idText) ? Number(idText) : Number.NaN;
  if (!(id >= 0 && id <= 254)) return `expected a server id in 0..254, got ${JSON.stringify(idText)}`;
  if (spec.includes('|')) return `multiple addresses per server are not supported by zkts, ${got}`;

  const [addressPart = '', clientPart, ...extra] = spec.split(';');
  if (extra.length > 0) return `expected ${FORMAT}, ${got}`;
  const address = splitHostAndRest(addressPart.trim());
  if (!address) return `expected ${FORMAT}, ${got}`;
  const [quorumText, electionText, roleText, ...tooMany] = address.rest;
  if (tooMany.length > 0 || quorumText === undefined || electionText === undefined) {
    return `expected ${FORMAT}, ${got}`;
  }
  const quorumPort = parsePort(quorumText);
  const electionPort = parsePort(electionText);
  if (quorumPort === undefined || electionPort === undefined) {
    return `expected quorum and election ports in 1..65535, ${got}`;
  }
  if (roleText !== undefined && roleText !== 'participant' && roleText !== 'observer') {
    return `expected the role participant or observer, ${got}`;
  }
  const entry: QuorumServerConfig = {
    id,
    host: address.host,
    quorumPort,
    electionPort,
    role: roleText ?? 'participant',
  };
  if (clientPart !== undefined) {
    const client = clientPart.trim();
    const split = /^\d+$/.test(client) ? { host: undefined, rest: [client] } : splitHostAndRest(client);
    const clientPort = split?.rest.length === 1 ? parsePort(split.rest[0]!) : undefined;
    if (!split || clientPort === undefined) return `expected a client [address:]port after ";", ${got}`;
    entry.clientPort = clientPort;
    if (split.host !== undefined) entry.clientPortAddress = split.host;
  }
  return entry;
}

function splitHostAndRest(text: string): { host: string; rest: string[] } | undefined {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 2 || text[close + 1] !== ':') return undefined;
    return { host: text.slice(1, close), rest: text.slice(close + 2).split(':') };
  }
  const [host = '', ...rest] = text.split(':');
  if (host === '' || /\s/.test(host) || rest.length === 0) return undefined;
  return { host, rest };
}

function parsePort(text: string): number | undefined {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
}
