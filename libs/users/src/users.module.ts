import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, CONFIG } from '@app/config';
import { REDIS } from '@app/queue';
import { DataSource } from 'typeorm';
import { DepartmentsModule } from '@app/departments';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { createSessionMarks, SESSION_MARKS } from './session-marks';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    DepartmentsModule,
    JwtModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        // every token expires: JWT_EXPIRES_IN validated by loadConfig (jwtExpiresInSeconds)
        signOptions: { expiresIn: config.jwtExpiresInSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    UsersService, AuthService, TokenService, LoginThrottle,
    { provide: SESSION_MARKS, inject: [CONFIG, REDIS, DataSource], useFactory: createSessionMarks },
  ],
  exports: [UsersService, AuthService, TokenService, JwtModule],
})
export class UsersModule {}
