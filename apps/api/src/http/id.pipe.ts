import { Injectable, PipeTransform } from '@nestjs/common';
import { invalid } from '@app/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:id` must be a UUID: a clear 400 instead of a database error. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw invalid(`id must be a UUID, got "${String(value).slice(0, 60)}"`);
    return value.toLowerCase();
  }
}
