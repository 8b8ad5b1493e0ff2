# Builds the coopfed binary and a small runtime image.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin coopfed

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/coopfed --create-home coopfed
COPY --from=build /src/target/release/coopfed /usr/local/bin/coopfed
# The demo data of the four networks, for `coopfed import … /usr/share/coopfed/demo/…`.
COPY --from=build /src/tests/fixtures/data/README.md /src/tests/fixtures/data/networks.yaml /usr/share/coopfed/demo/
COPY --from=build /src/tests/fixtures/data/members /usr/share/coopfed/demo/members
COPY --from=build /src/tests/fixtures/data/jobs /usr/share/coopfed/demo/jobs
COPY --from=build /src/tests/fixtures/data/announcements /usr/share/coopfed/demo/announcements
USER coopfed
WORKDIR /var/lib/coopfed
ENV COOPFED_BIND=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:${COOPFED_BIND##*:}/readyz || exit 1
ENTRYPOINT ["coopfed"]
CMD ["serve"]
