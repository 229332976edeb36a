# syntax=docker/dockerfile:1
# The API in a container: built in one stage, run from a slim image with production
# dependencies only, as the unprivileged `node` user. Migrations are applied by the service
# itself at start (src/db/migrator.ts), so the image needs no Prisma CLI.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts run after the sources are in place (prepare = prisma generate + tsc).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run generate && npm run build

FROM ${NODE_IMAGE} AS runtime
ENV MODE=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; no embedded PostgreSQL binaries (the container uses DATABASE_URL).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/prisma/seed ./prisma/seed
COPY --from=build /app/schema.graphql ./schema.graphql
# the reader's page templates and GraphiQL's page (its React and GraphiQL come from node_modules)
COPY --from=build /app/views ./views
COPY --from=build /app/static ./static
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]
