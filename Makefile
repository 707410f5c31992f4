# tabla: two commands on a fresh Debian/Ubuntu machine with Swift installed.
#   make demo   build and run the main job
#   make test   build and run the tests
# Missing system packages are installed with apt-get first.

SWIFT ?= swift
APT_PACKAGES ?= pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TABLA := .build/debug/tabla
DEMO_FILE := Compositions/teentaal/kaida-dha-ti-dha-ge.bol

.PHONY: all deps build test demo bench clean

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) test

demo: build
	@echo "== tabla check Compositions"
	@$(TABLA) check Compositions
	@echo
	@echo "== tabla print $(DEMO_FILE)"
	@$(TABLA) print $(DEMO_FILE)

bench: deps
	$(SWIFT) build -c release --product notation-bench
	.build/release/notation-bench

clean:
	rm -rf .build
