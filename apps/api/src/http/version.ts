import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

/**
 * The `version` a change must carry: the one the caller read. Required, so two people acting
 * on what they saw cannot silently undo each other: a stale one answers 409 <THING>_VERSION_STALE.
 */
export function VersionField(what: string): PropertyDecorator {
  const message = `version is required: the version of the ${what} you read (an integer)`;
  return applyDecorators(
    ApiProperty({ description: `the version of the ${what} you read; required; a stale one answers 409 and changes nothing`, example: 1 }),
    IsInt({ message }),
    Min(1, { message }),
  );
}
