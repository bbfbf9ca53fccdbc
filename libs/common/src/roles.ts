/**
 * The roles a user holds (DOMAIN.md): here, at the bottom, because every layer's Actor carries
 * one; libs/users stores it (user.entity.ts) and re-exports it.
 */
export const ROLES = ['admin', 'secretariat', 'focal_point', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
