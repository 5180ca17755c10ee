import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UnitsModule } from '../units/units.module.js';
import { AuthGuard } from './auth.guard.js';
import { AuthResolver, TokenInfoResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { TokenCache } from './token-cache.js';
import { TokenListenerService } from './token-listener.service.js';
import { TokensRepository } from './tokens.repository.js';

@Module({
  imports: [UnitsModule],
  providers: [
    {
      provide: TokenCache,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new TokenCache(config.tokenCacheSize),
    },
    TokenListenerService,
    TokensRepository,
    AuthService,
    AuthResolver,
    TokenInfoResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
