# Multi-stage: the build stage has the dev dependencies and the sources; the image that runs
# has only the production dependencies and the build, and runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY migrations migrations
RUN npm run build

FROM node:20-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /app/dist dist
COPY --from=build --chown=root:root /app/apps/web/dist apps/web/dist
COPY --chown=root:root package.json ./
COPY --chown=root:root scripts scripts
COPY --chown=root:root libs/imports/demo-data libs/imports/demo-data
# the code is root's and read-only to the process; only data/ is the process's own
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "--heap-growing-percent=30", "dist/apps/api/apps/api/src/main.js"]
