import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { ErrorResponseDto } from './common/dto/error-response.dto';
import pluginMetadata from './metadata';

export const DOCS_PATH = 'docs';

/**
 * Applies what the Swagger plugin read from the DTOs and controllers (their JSDoc, types, optional
 * fields and class-validator rules) to the classes, before any document is built. SWC runs no
 * TypeScript plugin, so the metadata is generated beforehand (`npm run openapi`, into metadata.ts).
 */
export async function loadOpenApiMetadata(): Promise<void> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
}

/** The OpenAPI document of the api, from its decorators and the plugin's metadata (committed as openapi/openapi.json). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Chat admin API')
    .setDescription(
      [
        'Users, moderation, audit log, history and files of the chat system.',
        '',
        'Log in with `POST /api/auth/login`, then **Authorize** with the `accessToken`. The same token logs in',
        'over TCP (`login` with `token`), and the token the edge issues works here. Moderation has the same',
        "effect on live connections as the protocol's moderation frames. Errors carry the protocol's `code`.",
      ].join('\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addTag('auth', 'Register and log in')
    .addTag('users', 'The caller, who is online, and (admins) every user')
    .addTag('moderation', 'Ban, mute, kick, roles and announcements (admins)')
    .addTag('audit', 'Who did what to whom (admins)')
    .addTag('messages', "History and the caller's conversations")
    .addTag('files', 'Files for browsers')
    .addTag('health', 'Reachability of the store and the edge')
    .addTag('metrics', 'Prometheus metrics of the api and the edge (admins, or METRICS_PORT)')
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
}
