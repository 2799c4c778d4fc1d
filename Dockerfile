# One image for the API, the worker and migrations; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm run build:workflows
ENV NODE_ENV=production
# Workers load the workflow bundle built above rather than bundling at every start.
ENV WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
EXPOSE 3000
CMD ["npm", "run", "api"]
