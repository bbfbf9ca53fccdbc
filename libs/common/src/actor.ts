import type { Role } from './roles';

/** Who is calling: the signed-in user as guards and services see it. */
export interface Actor {
  id: string;
  role: Role;
  departmentId: string | null;
}
