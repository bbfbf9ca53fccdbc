/** A bad environment value: its message is one line naming the variable (configOrExit prints it). */
export class ConfigError extends Error {}
