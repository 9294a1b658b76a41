# syntax=docker/dockerfile:1
#
# Porch as a small container: one static binary (pure-Go SQLite, no cgo),
# run as an unprivileged user, with its data on a volume at /data.
#
#   docker build -t porch .
#   docker volume create porch-data
#   docker run -d --name porch -p 8080:8080 -v porch-data:/data \
#     -e PORCH_BASE_DOMAIN=portal.example.com -e PORCH_TLS_PROXY=true \
#     -e PORCH_SECRET_KEY=... -e PORCH_SMTP_URL=... \
#     -e PORCH_LITESTREAM_CONFIG=/etc/porch/litestream.yml porch
#   docker run --rm -v porch-data:/data porch org create acme --name "Acme" --manager-email ops@acme.example
#
# The image's entrypoint is the porch command and its default command is
# "serve", so other commands (org create, org list, restore) run in the
# same image by naming them.

# The Go version follows the go directive of go.mod.
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-mod=readonly
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
# Litestream configurations: the repository's litestream.yml (a directory
# under /data unless PORCH_REPLICA_URL names another place or a bucket) as
# /etc/porch/litestream.yml, and deploy/litestream.fly.yml (the Tigris
# bucket that `fly storage create` sets up) as /etc/porch/litestream.fly.yml.
# Replication is on only when PORCH_LITESTREAM_CONFIG names one of them.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w" -o /out/porch . \
 && mkdir -p /out/etc \
 && cp litestream.yml deploy/litestream.fly.yml /out/etc/

# Alpine rather than distroless: its busybox wget lets the image check its
# own health, and a shell makes `fly ssh console` usable for porch org
# create and restores. CA certificates (SMTP, S3, Stripe, GoCardless) come
# with the base image; time zone data is built into the binary.
FROM alpine:3.22
RUN addgroup -S -g 10001 porch \
 && adduser -S -D -H -u 10001 -G porch -h /data -s /sbin/nologin porch \
 && mkdir -p /data /etc/porch \
 && chown porch:porch /data && chmod 0750 /data
COPY --from=build /out/porch /usr/local/bin/porch
COPY --from=build /out/etc/ /etc/porch/

ENV PORCH_DATA=/data \
    PORCH_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
# Numeric, so that platforms which mount the volume for the image's user
# (Fly does) and Kubernetes' runAsNonRoot both see a non-root uid.
USER 10001:10001

# /healthz answers 200 while the catalog database answers, whatever the
# Host header. If PORCH_ADDR moves the port, change it here too.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD wget -q -T 4 -O /dev/null http://127.0.0.1:8080/healthz || exit 1

# SIGTERM (docker stop, Fly) shuts down gracefully: requests finish, every
# organisation database is closed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/porch"]
CMD ["serve"]
