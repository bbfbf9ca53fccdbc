import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflictOnDuplicate, notFound, Page, PageQuery, pageOf, staleVersion } from '@app/common';
import { Plan, PlanKind } from './plan.entity';

export interface PlanInput {
  number: string;
  kind: PlanKind;
  title: string;
  issuedOn: string;
  issuer: string;
  year: number;
}

/** Plans: the directive documents; a number is unique per issuer and year. */
@Injectable()
export class PlansService {
  constructor(@InjectRepository(Plan) private readonly plans: Repository<Plan>) {}

  async list(query: PageQuery & { year?: number }): Promise<Page<Plan>> {
    const [items, total] = await this.plans.findAndCount({
      where: query.year ? { year: query.year } : {},
      order: { issuedOn: 'DESC', number: 'ASC' },
      skip: (query.page - 1) * query.limit,
      take: query.limit,
    });
    return pageOf(items, total, query);
  }

  async get(id: string): Promise<Plan> {
    const found = await this.plans.findOneBy({ id });
    if (!found) throw notFound('plan', id);
    return found;
  }

  async create(input: PlanInput): Promise<Plan> {
    return this.saveOr409(input, () => this.plans.save(this.plans.create(input)));
  }

  async update(id: string, patch: Partial<PlanInput> & { version?: number }): Promise<Plan> {
    const current = await this.get(id);
    if (patch.version !== undefined && patch.version !== current.version) throw staleVersion('plan', patch.version, current.version);
    const { version: _ignored, ...fields } = patch;
    const next = { ...current, ...fields };
    return this.saveOr409(next, () => this.plans.save(next));
  }

  private saveOr409<T>(input: Partial<PlanInput>, save: () => Promise<T>): Promise<T> {
    return conflictOnDuplicate(save, () => `plan ${input.number} of ${input.issuer} in ${input.year} already exists`);
  }
}
