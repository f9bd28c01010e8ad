# oncotwin container image, for sharded runs on Kubernetes (deploy/k8s/) or any container runtime.
#   docker build -t oncotwin:0.1.0 .
#   docker run --rm -v "$PWD/data:/data" oncotwin:0.1.0 run /data/scenario.yaml --shard 0/8 --out /data/partials
# The image runs the prebuilt bundle (dist/oncotwin.mjs: fast start in every shard task) on the CPU
# backend; WebGPU needs a GPU node with a Vulkan driver and libvulkan1 (see docs/SCALING.md).

FROM node:20-slim AS build
WORKDIR /app
# The desktop app's Electron binary is not needed to build or run the CLI.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY engine ./engine
COPY shaders ./shaders
COPY models ./models
COPY scenarios ./scenarios
COPY schema ./schema
COPY --from=build /app/dist ./dist
ENTRYPOINT ["node", "/app/bin/oncotwin.js"]
CMD ["--help"]
