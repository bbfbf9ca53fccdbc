import { Module } from '@nestjs/common';
import { DepartmentRankingService } from './department-ranking';
import { RollupsService } from './rollups.service';

@Module({ providers: [RollupsService, DepartmentRankingService], exports: [RollupsService, DepartmentRankingService] })
export class RollupsModule {}
