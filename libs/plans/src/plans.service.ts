import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { conflictOnDuplicate, invalid, notFound, Page, PageQuery, pageOf, staleVersion } from '@app/common';
import { Plan, PlanKind } from './plan.entity';
import { CASCADE_SQL, CascadePlan, PLAN_NEIGHBOURS_SQL, PlanLink, PlanParentInput, resolvePlanParent } from './plan-hierarchy';

export interface PlanInput extends PlanParentInput {
  /** The meeting a conclusion notice concludes (null clears). */
  meetingId?: string | null;
  number: string;
  kind: PlanKind;
  title: string;
  issuedOn: string;
  issuer: string;
  year: number;
}

/** A plan with the plan it implements and the plans that implement it. */
export type PlanDetail = Plan & { parent: PlanLink | null; children: PlanLink[] };

/** Plans: the directive documents; a number is unique per issuer and year. */
@Injectable()
export class PlansService {
  constructor(
    @InjectRepository(Plan) private readonly plans: Repository<Plan>,
    private readonly dataSource: DataSource,
  ) {}

  async list(query: PageQuery & { year?: number }): Promise<Page<Plan>> {
    const [items, total] = await this.plans.findAndCount({
      where: query.year ? { year: query.year } : {},
      order: { issuedOn: 'DESC', number: 'ASC' },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return pageOf(items, total, query);
  }

  /** The plan; inside a caller's transaction when `manager` is given (no second connection taken). */
  async get(id: string, manager?: EntityManager): Promise<Plan> {
    const found = await (manager ? manager.getRepository(Plan) : this.plans).findOneBy({ id });
    if (!found) throw notFound('plan', id);
    return found;
  }

  /** The plan with its parent and children (plan-hierarchy.ts), for the plan's page. */
  async detail(id: string): Promise<PlanDetail> {
    const plan = await this.get(id);
    const [{ parent, children }]: { parent: PlanLink | null; children: PlanLink[] }[] = await this.dataSource.query(PLAN_NEIGHBOURS_SQL, [id]);
    return Object.assign(plan, { parent, children });
  }

  /** The plan and every plan beneath it, depth first (404 for an unknown plan). */
  async cascade(id: string): Promise<CascadePlan[]> {
    const rows: CascadePlan[] = await this.dataSource.query(CASCADE_SQL, [id]);
    if (!rows.length) throw notFound('plan', id);
    return rows;
  }

  async create(input: PlanInput): Promise<Plan> {
    return this.saveOr409(input, () =>
      this.dataSource.transaction(async (manager) => {
        const parent = await resolvePlanParent(manager, null, input);
        await checkMeeting(manager, input.kind, input.meetingId);
        const repo = manager.getRepository(Plan);
        return repo.save(repo.create({ ...input, ...parent }));
      }),
    );
  }

  /**
   * Edits a plan if it is still at the version the caller read: one `UPDATE … WHERE id AND
   * version`, so of two edits made on the same version exactly one applies, the other is a 409.
   */
  async update(id: string, patch: Partial<PlanInput> & { version: number }): Promise<Plan> {
    const { version, parentPlanId, parentTaskId, parentText, ...given } = patch;
    const current = await this.get(id);
    const result = await this.saveOr409({ ...current, ...definedOnly(given) }, () =>
      this.dataSource.transaction(async (manager) => {
        // the parent is checked (and a cycle refused) in the transaction that writes it
        const fields = { ...definedOnly(given), ...(await resolvePlanParent(manager, id, { parentPlanId, parentTaskId, parentText })) };
        await checkMeeting(manager, fields.kind ?? current.kind, fields.meetingId === undefined ? current.meetingId : fields.meetingId);
        if (!Object.keys(fields).length) return null;
        return manager
          .createQueryBuilder()
          .update(Plan)
          .set({ ...fields, version: () => 'version + 1', updatedAt: () => 'now()' })
          .where('id = :id AND version = :version', { id, version })
          .execute();
      }),
    );
    if (!result) {
      if (current.version !== version) throw staleVersion('plan', version, current.version);
      return current;
    }
    if (!result.affected) throw staleVersion('plan', version, (await this.get(id)).version);
    return this.get(id);
  }

  private saveOr409<T>(input: Partial<PlanInput>, save: () => Promise<T>): Promise<T> {
    return conflictOnDuplicate(save, () => `plan ${input.number} of ${input.issuer} in ${input.year} already exists`);
  }
}

/** A plan names a meeting only as its conclusion notice, and only a meeting there is: 400 naming `meetingId` (or `kind`). */
async function checkMeeting(manager: EntityManager, kind: PlanKind, meetingId: string | null | undefined): Promise<void> {
  if (!meetingId) return;
  if (kind !== 'conclusion_notice') throw invalid(`meetingId: only a conclusion notice (kind conclusion_notice) names the meeting it concludes; this plan is a ${kind}`);
  const [found] = await manager.query(`SELECT 1 FROM meetings WHERE id = $1`, [meetingId]);
  if (!found) throw invalid(`meetingId: unknown meeting ${meetingId}`);
}

/** The fields a PATCH gave (an absent key and `undefined` both mean "leave as is"). */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
