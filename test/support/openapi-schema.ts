/**
 * A small validator of JSON values against the schema objects of an OpenAPI 3.0 document:
 * $ref, allOf, oneOf, nullable, type, enum, format (date, date-time, uuid), required,
 * properties and additionalProperties. Strict: an object whose schema lists properties may hold
 * no other key unless additionalProperties says so, so an answer cannot carry a field its
 * schema forgets (the web pages' types are generated from these schemas).
 */
export type Schema = Record<string, any>;

const FORMATS: Record<string, (value: string) => boolean> = {
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
};

export class OpenApiValidator {
  constructor(private readonly document: Schema) {}

  /** The schema a `$ref` names (only local references, which is all Nest writes). */
  resolve(schema: Schema): Schema {
    let current = schema;
    while (current.$ref) {
      const path = String(current.$ref).replace(/^#\//, '').split('/');
      current = path.reduce((node: Schema, key) => node?.[key], this.document);
      if (!current) throw new Error(`unresolved ${schema.$ref}`);
    }
    return current;
  }

  /** Every problem of `value` against `schema`, each naming where ("$.items[0].status"); empty when valid. */
  errors(value: unknown, schema: Schema, at = '$'): string[] {
    const s = this.resolve(schema);
    if (value === null) return s.nullable || s.type === 'null' ? [] : [`${at}: null, not allowed here`];
    if (s.oneOf) {
      const matching = s.oneOf.filter((option: Schema) => this.errors(value, option, at).length === 0);
      return matching.length === 1 ? [] : [`${at}: matches ${matching.length} of the oneOf schemas`];
    }
    if (s.allOf) {
      const members = s.allOf.map((member: Schema) => this.resolve(member));
      if (members.every((m: Schema) => m.type === 'object' || m.properties)) return this.errors(value, mergeObjects(members, s), at);
      return members.flatMap((m: Schema) => this.errors(value, m, at));
    }
    const problems: string[] = [];
    if (s.enum && !s.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not one of ${s.enum.join(', ')}`);
    switch (s.type) {
      case undefined:
        break;
      case 'string':
        if (typeof value !== 'string') return [`${at}: ${typeof value}, not a string`];
        if (s.format && FORMATS[s.format] && !FORMATS[s.format](value)) problems.push(`${at}: ${JSON.stringify(value)} is not a ${s.format}`);
        break;
      case 'number':
      case 'integer':
        if (typeof value !== 'number' || (s.type === 'integer' && !Number.isInteger(value))) return [`${at}: ${JSON.stringify(value)}, not a ${s.type}`];
        break;
      case 'boolean':
        if (typeof value !== 'boolean') return [`${at}: ${typeof value}, not a boolean`];
        break;
      case 'array':
        if (!Array.isArray(value)) return [`${at}: not an array`];
        value.forEach((item, i) => problems.push(...this.errors(item, s.items ?? {}, `${at}[${i}]`)));
        break;
      case 'object':
        if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
        problems.push(...this.objectErrors(value as Record<string, unknown>, s, at));
        break;
      default:
        problems.push(`${at}: unknown schema type ${s.type}`);
    }
    if (s.type === undefined && s.properties && value && typeof value === 'object') {
      problems.push(...this.objectErrors(value as Record<string, unknown>, s, at));
    }
    return problems;
  }

  private objectErrors(value: Record<string, unknown>, s: Schema, at: string): string[] {
    const problems: string[] = [];
    for (const key of s.required ?? []) if (!(key in value)) problems.push(`${at}.${key}: required, missing`);
    for (const [key, item] of Object.entries(value)) {
      const property = s.properties?.[key];
      if (property) problems.push(...this.errors(item, property, `${at}.${key}`));
      else if (typeof s.additionalProperties === 'object') problems.push(...this.errors(item, s.additionalProperties, `${at}.${key}`));
      else if (s.properties && s.additionalProperties !== true) problems.push(`${at}.${key}: not in the schema`);
    }
    return problems;
  }
}

/** allOf of object schemas as one object schema: their properties and required together. */
function mergeObjects(members: Schema[], outer: Schema): Schema {
  return {
    type: 'object',
    nullable: outer.nullable,
    properties: Object.assign({}, ...members.map((m) => m.properties ?? {})),
    required: members.flatMap((m) => m.required ?? []),
    additionalProperties: members.some((m) => m.additionalProperties === true) || undefined,
  };
}
