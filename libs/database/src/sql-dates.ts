import { types } from 'pg';

// A SQL date is a calendar day: keep it as 'YYYY-MM-DD', never a JS Date at UTC midnight.
// Set once per process by loading this library (its index imports this file).
types.setTypeParser(types.builtins.DATE, (value: string) => value);
