import { Actor, forbidden } from '@app/common';

/**
 * Who may write a task (DOMAIN.md "Who uses it"): the secretariat any task; a focal point
 * the tasks its department leads; a focal point of a coordinating department a progress
 * note only; nobody else.
 */
export type ReportRight = 'full' | 'note_only';

export function reportRight(actor: Actor, task: { leadDepartmentId: string | null }, coordinatorIds: string[]): ReportRight {
  if (actor.role === 'secretariat') return 'full';
  if (actor.role === 'focal_point' && actor.departmentId) {
    if (task.leadDepartmentId === actor.departmentId) return 'full';
    if (coordinatorIds.includes(actor.departmentId)) return 'note_only';
  }
  throw forbidden('only the focal points of the lead department and the secretariat may update this task');
}

export function requireSecretariat(actor: Actor, what: string): void {
  if (actor.role !== 'secretariat') throw forbidden(`only the secretariat may ${what}`);
}

export function requireLeadFocalPoint(actor: Actor, task: { leadDepartmentId: string | null }, what: string): void {
  if (actor.role !== 'focal_point' || !actor.departmentId || actor.departmentId !== task.leadDepartmentId) {
    throw forbidden(`only a focal point of the lead department may ${what}`);
  }
}
