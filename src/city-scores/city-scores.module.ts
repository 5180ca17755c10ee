import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DistrictsModule } from '../districts/districts.module.js';
import { EcoModule } from '../eco/eco.module.js';
import { CityScoresController } from './city-scores.controller.js';
import { CityScoresResolver } from './city-scores.resolver.js';
import { CityWeightsRepository } from './city-weights.repository.js';
import { CityWeightsService } from './city-weights.service.js';
import { DistrictFiguresQuery } from './district-figures.query.js';
import { DistrictScoresExportService } from './district-scores-export.service.js';
import { DistrictScoresService } from './district-scores.service.js';

/** The city's ranking of districts on 一单一表, its weights and its bulletin (issue #28). */
@Module({
  imports: [AuthModule, DistrictsModule, EcoModule],
  controllers: [CityScoresController],
  providers: [
    DistrictFiguresQuery,
    CityWeightsRepository,
    CityWeightsService,
    DistrictScoresService,
    DistrictScoresExportService,
    CityScoresResolver,
  ],
})
export class CityScoresModule {}
