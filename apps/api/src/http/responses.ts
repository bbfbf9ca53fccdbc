import { applyDecorators, Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath, OpenAPIObject } from '@nestjs/swagger';
import { MAX_LIMIT, MAX_PAGE } from '@app/common';

/** A schema of the OpenAPI document (or a reference to one). */
export type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/**
 * Response shapes shared by every feature, so the web pages' types (generated from
 * /api/docs-json by openapi-typescript) and the API cannot drift.
 */

/** What every list answers beside its items (CONTRACT.md): one schema, reused by every page. */
export class PageMetaDto {
  @ApiProperty({ type: 'integer', example: 55, description: 'every item matching the filters, over all pages' }) total: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE, example: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, example: 50 }) limit: number;
}

/** The schema of a page of `item`: PageMeta and `items`, plus `extra` properties (required). */
export function pageSchema(item: Type<unknown>, extra: Record<string, SchemaObject> = {}) {
  return {
    allOf: [
      { $ref: getSchemaPath(PageMetaDto) },
      {
        type: 'object',
        required: ['items', ...Object.keys(extra)],
        properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } }, ...extra },
      },
    ],
  };
}

/** 200 with `{ items: item[], total, page, limit }` (and `extra`). */
export function ApiPageResponse(item: Type<unknown>, options: { description?: string; extra?: Record<string, SchemaObject> } = {}) {
  return applyDecorators(
    ApiExtraModels(PageMetaDto, item),
    ApiOkResponse({ description: options.description ?? 'one page of the list', schema: pageSchema(item, options.extra) }),
  );
}

/** A job queued: 202 `{ jobId }`. */
export class JobDto {
  @ApiProperty({ example: 'reminders:2024-06-15', description: 'the BullMQ job id; asking again while it waits answers the same' }) jobId: string;
}

export const ApiJobAcceptedResponse = (description: string) => ApiAcceptedResponse({ description, type: JobDto });

/** A file to download (its OpenAPI content type comes from @ApiProduces). */
export const ApiFileResponse = (description: string) => ApiOkResponse({ description, schema: { type: 'string', format: 'binary' } });
