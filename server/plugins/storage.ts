import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LocalFileStorage, type FileStorage } from '../documents/storage.js';

declare module 'fastify' {
  interface FastifyInstance {
    storage: FileStorage;
  }
}

export const storagePlugin = fp<{ storage?: FileStorage; filesDir: string }>(
  async (app: FastifyInstance, opts) => {
    app.decorate('storage', opts.storage ?? new LocalFileStorage(opts.filesDir));
  },
  { name: 'storage' },
);
