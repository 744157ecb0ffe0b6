/**
 * R2 through its S3 API (aws4fetch signs the requests): where the scripts keep database backups
 * and the files mirror. Credentials: R2_ENDPOINT (https://<account id>.r2.cloudflarestorage.com),
 * R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY — an R2 API token (.env.example).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsClient } from 'aws4fetch';

export interface R2 {
  put(bucket: string, key: string, file: string): Promise<void>;
  get(bucket: string, key: string, file: string): Promise<void>;
  /** Keys under `prefix` (every page of ListObjectsV2). */
  list(bucket: string, prefix: string): Promise<string[]>;
  /** Server-side copy (CopyObject): the bytes never leave R2. */
  copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void>;
}

export function r2FromEnv(env: NodeJS.ProcessEnv = process.env): R2 {
  const { R2_ENDPOINT, R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY } = env;
  if (!R2_ENDPOINT || !R2_ACCESS_KEY_ID || !R2_SECRET_ACCESS_KEY) {
    throw new Error(
      'R2_ENDPOINT, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY must be set (an R2 API token; see .env.example)',
    );
  }
  const client = new AwsClient({
    accessKeyId: R2_ACCESS_KEY_ID,
    secretAccessKey: R2_SECRET_ACCESS_KEY,
    service: 's3',
    region: 'auto',
  });
  const url = (bucket: string, key: string) =>
    `${R2_ENDPOINT.replace(/\/$/, '')}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return {
    async put(bucket, key, file) {
      const { size } = await stat(file);
      const response = await client.fetch(url(bucket, key), {
        method: 'PUT',
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        headers: { 'content-length': String(size) },
        // Node's fetch needs this to send a stream body.
        ...({ duplex: 'half' } as object),
      });
      if (!response.ok) throw new Error(`R2 PUT ${bucket}/${key}: ${response.status} ${await response.text()}`);
    },
    async get(bucket, key, file) {
      const response = await client.fetch(url(bucket, key));
      if (!response.ok || !response.body)
        throw new Error(`R2 GET ${bucket}/${key}: ${response.status} ${await response.text()}`);
      await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
    },
    async list(bucket, prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({
          'list-type': '2',
          prefix,
          ...(token ? { 'continuation-token': token } : {}),
        });
        const response = await client.fetch(`${R2_ENDPOINT.replace(/\/$/, '')}/${bucket}?${query}`);
        const xml = await response.text();
        if (!response.ok) throw new Error(`R2 LIST ${bucket}/${prefix}: ${response.status} ${xml}`);
        keys.push(...[...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => decodeXml(match[1]!)));
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
          ? decodeXml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '')
          : undefined;
      } while (token);
      return keys;
    },
    async copy(from, to) {
      const source = `/${from.bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`;
      const response = await client.fetch(url(to.bucket, to.key), {
        method: 'PUT',
        headers: { 'x-amz-copy-source': source },
      });
      if (!response.ok)
        throw new Error(`R2 COPY ${source} → ${to.bucket}/${to.key}: ${response.status} ${await response.text()}`);
    },
  };
}

/** The bucket of an environment's backups (lifecycle rule: deploy/r2-backups-lifecycle.json). */
export const backupsBucket = (env: string) => `nexova-${env}-backups`;

const decodeXml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!,
  );
