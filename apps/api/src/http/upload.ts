import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { invalid } from '@app/common';

export interface UploadedFile {
  buffer: Buffer;
  originalName: string;
}

/** Room for the boundaries, headers and other fields of a form around its one file. */
const MULTIPART_FRAMING_BYTES = 64 * 1024;

/** The request as Node has it: Fastify's `raw`, or Express's request itself. */
export const rawRequest = (req: unknown): IncomingMessage => (req as { raw?: IncomingMessage }).raw ?? (req as IncomingMessage);

/**
 * Reads the one file of a multipart/form-data request (busboy, which multer and
 * @fastify/multipart both stand on), under either HTTP adapter: the adapters leave multipart
 * bodies unread (configure-app.ts). Undefined when the form has no such field. A file over
 * `maxBytes` is refused with `tooLarge()` (a 413) once the whole request is read, so the client
 * hears the answer; the bytes past the limit are counted off, never kept.
 */
export function readUploadedFile(req: IncomingMessage, options: { field: string; maxBytes: number; tooLarge: () => Error }): Promise<UploadedFile | undefined> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(invalid(`${options.field}: send the file as multipart/form-data in the field "${options.field}"`));
  }
  // A declared length past the limit and the multipart framing is refused unparsed: the body is
  // only drained (so the client hears the 413), never run through busboy on the event loop.
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > options.maxBytes + MULTIPART_FRAMING_BYTES) {
    return new Promise((_, reject) => {
      if (req.readableEnded) return reject(options.tooLarge());
      req.once('end', () => reject(options.tooLarge()));
      req.once('aborted', () => reject(options.tooLarge()));
      req.resume();
    });
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
    const cutOff = (error: Error) => reject(invalid(`${options.field}: the multipart body cannot be read (${error.message})`));
    form.on('file', (name, stream, info) => {
      // a body that ends inside a file errors the file's stream too: unheard, that would end the process
      stream.on('error', cutOff);
      if (name !== options.field || file) return stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (truncated = true));
      stream.on('end', () => (file = { buffer: Buffer.concat(chunks), originalName: info.filename }));
    });
    form.on('error', cutOff);
    form.on('close', () => (truncated ? reject(options.tooLarge()) : resolve(file)));
    req.on('aborted', () => reject(invalid(`${options.field}: the upload was cut off`)));
    req.pipe(form);
  });
}
