# Signpost in a container: a static binary on an empty image, run as a
# user without privileges. Build and run:
#
#   docker build --build-arg COMMIT=$(git rev-parse HEAD) -t signpost .
#   docker run --env-file signpost.env -v signpost-data:/data \
#     -v /srv/signpost/knowledge:/knowledge:ro --stop-timeout 30 -p 3000:3000 signpost
#
# docs/operations.md says more (volumes, config, upgrades).

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The commit, for 'signpost version' (the build context has no .git).
ARG COMMIT=""
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.commitStamp=${COMMIT}" -o /out/signpost ./cmd/signpost
# A user without privileges, and the folders it may write.
RUN groupadd --system --gid 10001 signpost \
 && useradd --system --uid 10001 --gid signpost --home-dir /data --shell /usr/sbin/nologin signpost \
 && mkdir -p /out/data /out/knowledge \
 && chown 10001:10001 /out/data

FROM scratch
# Slack is reached over TLS: the CA certificates, and who the user is.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /etc/passwd /etc/group /etc/
COPY --from=build /out/signpost /usr/local/bin/signpost
COPY --from=build --chown=10001:10001 /out/data /data
COPY --from=build /out/knowledge /knowledge
COPY deploy/config.docker.yaml /etc/signpost/config.yaml
COPY LICENSE NOTICE /usr/share/doc/signpost/
USER signpost
VOLUME ["/data", "/knowledge"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/signpost", "health", "--url", "http://127.0.0.1:3000/healthz"]
ENTRYPOINT ["/usr/local/bin/signpost"]
CMD ["serve", "--config", "/etc/signpost/config.yaml"]
