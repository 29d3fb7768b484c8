# collint — developer entry points. `make test` is what CI runs.
GO ?= go
IMAGES ?= collint/mysql:9.7 collint/mariadb:10.11 collint/mariadb:11.8

.PHONY: build test unit images lint-fixtures bench fuzz clean-sandboxes

build:
	$(GO) build -o bin/collint ./cmd/collint

# images builds the offline test images (skips the ones that already exist).
images:
	./images/build.sh $(IMAGES)

unit:
	$(GO) vet ./...
	$(GO) test ./...

# test: unit, integration and differential suites against the project's images.
test: images
	$(GO) vet ./...
	COLLINT_INTEGRATION=1 $(GO) test -timeout 80m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint-fixtures: build
	./bin/collint lint --schema fixtures/seed/schema.sql --queries fixtures/seed/queries.sql
