import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** "outputDocuments.0.number must be a string" — every message names the field at fault. */
function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const field = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((m) =>
      m.startsWith('property ') ? `${field}: unknown field` : m.startsWith(error.property) ? field + m.slice(error.property.length) : `${field}: ${m}`,
    );
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) => new BadRequestException(flatten(errors).join('; ')),
});
