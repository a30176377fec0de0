/*
 * The example backend of the Lambda Ops demo portal: the catalog, guest sign-in and the
 * Lambda Ops backend plugin, installed the way its README tells an adopter to.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Deploy markers only from CI and the release group; everyone reads the catalog.
backend.add(import('./permissionPolicy'));

backend.add(import('@lambda-ops/backstage-plugin-backend'));

backend.start();
