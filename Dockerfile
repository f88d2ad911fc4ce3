# Checkpoint as a container image. The image installs through deploy/assemble.sh, the script CI
# runs on every change (scripts/production-check.js), so the image holds what CI tested.
#   docker build -t checkpoint .
#   docker run -p 3000:3000 -v checkpoint-data:/data --env-file checkpoint.env checkpoint

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && bash deploy/assemble.sh /app

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    TZ=Europe/London \
    DATABASE_PATH=/data/checkpoint.db \
    BACKUP_DIR=/data/backups \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# The app's files belong to root and are read-only to the user it runs as; only /data is writable.
COPY --from=build /app /app
RUN mkdir /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "build/server.js"]
