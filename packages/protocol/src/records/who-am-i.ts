/**
 * whoAmI(107) (zookeeper.jute); the request is the RequestHeader alone:
 *   ClientInfo     { ustring authScheme; ustring user }
 *   WhoAmIResponse { vector<ClientInfo> clientInfo }
 */
import type { ClientInfo } from '@zkts/core';
import type { JuteReader } from '../jute/reader';
import type { JuteWriter } from '../jute/writer';

/** Two empty strings: the least bytes one ClientInfo can take. */
const MIN_CLIENT_INFO_SIZE = 8;

export function writeWhoAmIResponse(w: JuteWriter, response: { clientInfo: readonly ClientInfo[] }): void {
  w.writeInt(response.clientInfo.length);
  for (const info of response.clientInfo) {
    w.writeString(info.authScheme);
    w.writeString(info.user);
  }
}

export function readWhoAmIResponse(r: JuteReader): { clientInfo: ClientInfo[] } {
  const count = r.readCount(MIN_CLIENT_INFO_SIZE, 'clientInfo');
  const clientInfo: ClientInfo[] = [];
  for (let i = 0; i < count; i++) clientInfo.push({ authScheme: r.readString(), user: r.readString() });
  return { clientInfo };
}
