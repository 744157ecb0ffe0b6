import * as pgCloudflare from 'pg-cloudflare';

type WriteCallback = (error?: unknown) => void;
/** The part of pg-cloudflare's `CloudflareSocket` used here (TypeScript resolves the package to its empty build). */
interface CloudflareSocket {
  write(data: Uint8Array | string, encoding?: BufferEncoding, callback?: WriteCallback): true | void;
}
type SocketClass = new (ssl: boolean) => CloudflareSocket;

/**
 * pg corks its socket around an extended-protocol query (Parse, Bind, Describe, Execute, Sync)
 * so the five messages leave in one write. pg-cloudflare's socket, which pg uses inside workerd,
 * has no `cork`, so each message became a write of its own on the Workers socket: five stream
 * writes, five promises and five packets per query. This socket buffers the writes made while
 * it is corked and sends them as one on `uncork`; uncorked writes go straight through.
 *
 * Only defined in workerd: outside it `pg-cloudflare` resolves to an empty module (its `workerd`
 * export condition) and pg uses Node's own `net.Socket`, which corks natively.
 */
function corkedSocketClass(Base: SocketClass) {
  return class CorkedSocket extends Base {
    #corks = 0;
    #chunks: Uint8Array[] = [];
    #callbacks: WriteCallback[] = [];

    cork(): void {
      this.#corks += 1;
    }

    uncork(): void {
      if (this.#corks === 0) return;
      this.#corks -= 1;
      if (this.#corks === 0) this.#flush();
    }

    override write(
      data: Uint8Array | string,
      encodingOrCallback?: BufferEncoding | WriteCallback,
      callback?: WriteCallback,
    ): true | void {
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : 'utf8';
      if (this.#corks === 0) return super.write(data, encoding, done);
      this.#chunks.push(typeof data === 'string' ? Buffer.from(data, encoding) : data);
      if (done) this.#callbacks.push(done);
      return true;
    }

    #flush(): void {
      const chunks = this.#chunks;
      const callbacks = this.#callbacks;
      this.#chunks = [];
      this.#callbacks = [];
      if (chunks.length === 0) return;
      const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      super.write(data, 'utf8', (error) => {
        for (const done of callbacks) done(error);
      });
    }
  };
}

const Base = (pgCloudflare as { CloudflareSocket?: SocketClass }).CloudflareSocket;
const CorkedSocket = Base ? corkedSocketClass(Base) : undefined;

/**
 * pg's `stream` option for a pool inside workerd (a factory pg calls with the connection's
 * config), or `undefined` elsewhere, where pg's default socket is the right one.
 */
export const workersSocket = CorkedSocket
  ? (config: { ssl?: unknown }) => new CorkedSocket(Boolean(config.ssl))
  : undefined;
