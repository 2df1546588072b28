import { join } from 'node:path';
import { Root, type Type } from 'protobufjs';

/** protos/ at the repository root, both from src/ (tests, tsx) and from dist/. */
const PROTO_DIR = join(__dirname, '..', '..', 'protos');

/**
 * Loads the project's .proto files with protobufjs at run time (nothing is
 * generated, so a clean clone needs no build step). Imports of
 * google/protobuf/* resolve to the definitions bundled with protobufjs.
 */
export function loadProtos(files: readonly string[]): Root {
  const root = new Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') ? target : join(PROTO_DIR, target);
  root.loadSync([...files], { keepCase: true });
  root.resolveAll();
  return root;
}

export interface Codec<T> {
  encode(message: T): Buffer;
  decode(bytes: Buffer): T;
}

/** Serialiser pair for grpc-js, straight from protobufjs (no object conversion). */
export function codec<T>(type: Type): Codec<T> {
  return {
    encode: (message) => Buffer.from(type.encode(type.fromObject(message as object)).finish()),
    decode: (bytes) => type.decode(bytes) as unknown as T,
  };
}
