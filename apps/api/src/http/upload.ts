import { PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { invalid } from '@app/common';

export interface UploadedFile {
  buffer: Buffer;
  originalName: string;
}

/** The request as Node has it: Fastify's `raw`, or Express's request itself. */
export const rawRequest = (req: unknown): IncomingMessage => (req as { raw?: IncomingMessage }).raw ?? (req as IncomingMessage);

/**
 * Reads the one file of a multipart/form-data request (busboy, which multer and
 * @fastify/multipart both stand on), under either HTTP adapter: the adapters leave multipart
 * bodies unread (configure-app.ts). Undefined when the form has no such field. A file over
 * `maxBytes` answers 413 once the whole request is read, so the client hears the answer.
 */
export function readUploadedFile(req: IncomingMessage, options: { field: string; maxBytes: number; tooLarge: string }): Promise<UploadedFile | undefined> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(invalid(`${options.field}: send the file as multipart/form-data in the field "${options.field}"`));
  }
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { fileSize: options.maxBytes, files: 1 } });
    } catch (error) {
      return reject(invalid(`${options.field}: the multipart body cannot be read (${(error as Error).message})`));
    }
    let file: UploadedFile | undefined;
    let truncated = false;
    form.on('file', (name, stream, info) => {
      if (name !== options.field || file) return stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (truncated = true));
      stream.on('end', () => (file = { buffer: Buffer.concat(chunks), originalName: info.filename }));
    });
    form.on('error', (error: Error) => reject(invalid(`${options.field}: the multipart body cannot be read (${error.message})`)));
    form.on('close', () => (truncated ? reject(new PayloadTooLargeException(options.tooLarge)) : resolve(file)));
    req.on('aborted', () => reject(invalid(`${options.field}: the upload was cut off`)));
    req.pipe(form);
  });
}
