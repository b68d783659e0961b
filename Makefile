# wxauth: `make run` starts everything on the embedded default, `make test` runs the whole suite.
# Both find a JDK >= 21 by themselves (scripts/java-home) and use the Maven wrapper.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/java-home)
export JAVA_HOME
MVN := ./mvnw -B

.PHONY: run test bench soak cluster build image clean check-java

check-java:
	@test -n "$(JAVA_HOME)" || { scripts/java-home; exit 1; }

## run: auth server :9000 + sample resource server :8081, dev mode, own PostgreSQL in .dev/ (Ctrl-C stops)
run: check-java
	scripts/run-dev

## test: every module's tests, on a real PostgreSQL started by the build, the pages' in headless chromium
test: check-java
	scripts/ensure-browser
	$(MVN) verify

## cluster: two auth servers from the deployable jar behind HAProxy :9000, one PostgreSQL, the emulator, the samples
cluster: check-java
	scripts/cluster

## bench: start everything from the deployable jars and measure throughput, latency, start-up and memory (.bench/)
bench: check-java
	scripts/bench

## soak: the auth server's heap after a full GC, after a few hundred new people's web logins and after 10,000 more
soak: check-java
	BENCH_SCENARIOS=soak scripts/bench

## build: the deployable jars, no tests
build: check-java
	$(MVN) -DskipTests package

## image: the auth server's container image as a tarball for `docker load`, built without a container engine (as root)
image: check-java
	$(MVN) -q -pl auth-server -am verify -DskipTests -Dwxauth.image.skip=false
	@image=$$(ls auth-server/target/image/wxauth-*.tar); tag=$${image##*/wxauth-}; tag=$${tag%.tar}; \
	echo; echo "Image: $$image (tags wxauth:$$tag and wxauth:latest)"; \
	echo "Where a container engine runs:  docker load -i $$image   (or podman load -i)"; \
	echo "  docker run -p 9000:9000 -e WXAUTH_ISSUER=http://localhost:9000 -e WXAUTH_MASTER_KEY=... \\"; \
	echo "    -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/wxauth -e SPRING_DATASOURCE_USERNAME=... -e SPRING_DATASOURCE_PASSWORD=... wxauth:$$tag"; \
	echo "  Two instances behind HAProxy: deploy/compose.yaml (README, \"Container image\")"

clean:
	$(MVN) -q clean
