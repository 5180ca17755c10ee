import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UnitsModule } from '../units/units.module.js';
import { AuthGuard } from './auth.guard.js';
import { AuthResolver, TokenInfoResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { TokensRepository } from './tokens.repository.js';

@Module({
  imports: [UnitsModule],
  providers: [TokensRepository, AuthService, AuthResolver, TokenInfoResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
