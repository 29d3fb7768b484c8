# collint — developer entry points. `make test` is what CI runs.
GO ?= go
IMAGES ?= collint/mysql:9.7 collint/mariadb:10.11 collint/mariadb:11.8
FIXTURES := $(patsubst %/,%,$(sort $(wildcard fixtures/*/)))

.PHONY: build demo test unit images bench fuzz update-golden prune

build:
	$(GO) build -o bin/collint ./cmd/collint

# demo lints every bundled fixture (see fixtures/*/expected.json).
demo: build
	@for d in $(FIXTURES); do \
	  echo "== $$d"; \
	  args=$$(cat $$d/args 2>/dev/null); \
	  s=$$(ls -d $$d/schema $$d/schema.sql 2>/dev/null | sed 's/^/--schema /'); \
	  q=$$(ls -d $$d/queries $$d/queries.* 2>/dev/null | sed 's/^/--queries /'); \
	  ./bin/collint lint $$s $$q $$args --fail-on none; \
	done

# images builds the offline test images (skips the ones that already exist).
images:
	./images/build.sh $(IMAGES)

# unit runs the tests that need no Docker.
unit:
	$(GO) vet ./...
	$(GO) test -short ./...

# test: unit, integration and differential suites against the project's
# images (built first when missing). Integration tests fail, not skip,
# when Docker or an image is missing.
test: images
	$(GO) vet ./...
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"
	COLLINT_INTEGRATION=1 $(GO) test -count=1 -timeout 80m ./...

# bench: lint vs bare parse on 1,200 statements, then a generated slow log
# of 100k and 1M statements linted end to end (throughput, parse/lint ratio,
# peak heap; see README "Speed").
bench:
	$(GO) test -run '^$$' -bench LintVsParse -benchmem ./lint/
	$(GO) test -run '^$$' -bench LintSlowLog -benchtime 1x -timeout 30m ./lint/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzLint -fuzztime 5m ./lint/

update-golden:
	$(GO) test ./lint -run TestFixtures -update

prune: build
	./bin/collint sandbox prune
