# erosion: the two commands a fresh Debian machine (root) needs are
# `make demo` and `make test`; both prepare the machine first.
GO      ?= go
BIN     := bin/erosion
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
LDFLAGS := -X erosion/buildinfo.version=$(VERSION) -X erosion/buildinfo.commit=$(COMMIT)

.PHONY: build test demo bench lint clean setup setup-slurm

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/erosion

# Installs docker.io/debootstrap/bubblewrap when missing and starts dockerd.
setup:
	bash .ci/setup-host

# A one-node Slurm (munge, slurmctld, slurmd) for the Slurm tests.
setup-slurm:
	bash .ci/setup-slurm

# Unit and integration tests (real Docker, real debootstrap-built environments:
# the slim profiles, and the full trixie that the rule catalog is checked in).
# The first run builds the environment (a few minutes); later runs hit the cache.
test: setup setup-slurm build
	$(BIN) envs build trixie-slim bullseye-slim bookworm-slim trixie sid-parquet
	$(GO) test -count=1 -timeout 60m ./...

# Builds the current environment, runs the starter dataset in it and prints
# the outcome table; results land in out/demo.
demo: setup build
	$(BIN) study --config configs/demo.yaml

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin out
