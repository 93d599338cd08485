import { randomUUID } from 'node:crypto';

/**
 * One registered instance of a service, in Curator ServiceDiscovery's JSON format (the znode
 * data, field for field), so Java and Node processes find each other's instances.
 */
export interface ServiceInstance<Payload = unknown> {
  name: string;
  id: string;
  address: string;
  port: number | null;
  sslPort: number | null;
  payload: Payload | null;
  registrationTimeUTC: number;
  /** DYNAMIC instances are ephemeral nodes (they vanish with their session). */
  serviceType: 'DYNAMIC' | 'STATIC' | 'PERMANENT' | 'DYNAMIC_SEQUENTIAL';
  uriSpec: unknown;
  enabled: boolean;
}

export type NewServiceInstance<Payload> = Pick<ServiceInstance<Payload>, 'name' | 'address'> &
  Partial<Omit<ServiceInstance<Payload>, 'name' | 'address'>>;

export function completeInstance<Payload>(instance: NewServiceInstance<Payload>): ServiceInstance<Payload> {
  return {
    id: randomUUID(),
    port: null,
    sslPort: null,
    payload: null,
    registrationTimeUTC: Date.now(),
    serviceType: 'DYNAMIC',
    uriSpec: null,
    enabled: true,
    ...instance,
  };
}

export function encodeInstance(instance: ServiceInstance<unknown>): string {
  return JSON.stringify(instance);
}

/** Parses an instance node's data; undefined when it is not one (a foreign or damaged node). */
export function decodeInstance<Payload>(data: Uint8Array): ServiceInstance<Payload> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (
    typeof fields.name !== 'string' ||
    typeof fields.id !== 'string' ||
    typeof fields.address !== 'string'
  ) {
    return undefined;
  }
  return completeInstance<Payload>({
    ...(fields as Partial<ServiceInstance<Payload>>),
    name: fields.name,
    id: fields.id,
    address: fields.address,
  });
}
