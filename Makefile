# tabla: two commands on a fresh Debian/Ubuntu machine with Swift installed.
#   make demo   build and run the main job
#   make test   build and run the tests
#   make install [PREFIX=/usr/local]   put tabla, its model and shell completions under PREFIX
# Missing system packages are installed with apt-get first.

SWIFT ?= swift
APT_PACKAGES ?= pkg-config libopenblas-dev libsndfile1-dev libsamplerate0-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TABLA := .build/debug/tabla
DEMO_FILE := Compositions/teentaal/kaida-dha-ti-dha-ge.bol
DEMO_WAV := out/demo.wav
DEMO_SEED ?= 7
DEMO_THEME ?= DhaTi DhaGe NaDha TiDha GeDhi NaGe TinNa KeNa
GEN_BOL := out/kaida.bol
GEN_WAV := out/kaida.wav

PREFIX ?= /usr/local
CONFIG ?= release
GEN_MID := out/kaida.mid
GEN_HTML := out/kaida.html
PYTORCH_PYTHON ?= python3
# Debian's OpenBLAS 0.3.21 does not recognise the newest Xeons and falls back to its SSE3
# (Prescott) kernels, 5x slower on large products (docs/ENGINE.md); benchmarks name the
# AVX-512 kernels when the CPU has them. OpenBLAS reads this before main() runs.
BENCH_BLAS_CORE ?= $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo SkylakeX)

.PHONY: all deps build test demo bench clean install uninstall fuzz

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
	@echo
	@echo "== tabla render $(DEMO_FILE) -o $(DEMO_WAV)"
	@mkdir -p $(dir $(DEMO_WAV))
	@$(TABLA) render $(DEMO_FILE) -o $(DEMO_WAV) --click
	@echo "written: $(abspath $(DEMO_WAV))"
	@echo
	@echo "== tabla generate --form kaida --theme \"$(DEMO_THEME)\" --paltas 6 --seed $(DEMO_SEED) -o $(GEN_BOL) --wav $(GEN_WAV) --click"
	@$(TABLA) generate --form kaida --theme "$(DEMO_THEME)" --paltas 6 --seed $(DEMO_SEED) -o $(GEN_BOL) --wav $(GEN_WAV) --click
	@echo "written: $(abspath $(GEN_BOL)) and $(abspath $(GEN_WAV))"
	@echo
	@echo "== tabla render $(GEN_BOL) -o $(GEN_MID)"
	@$(TABLA) render $(GEN_BOL) -o $(GEN_MID)
	@echo
	@echo "== tabla print $(GEN_BOL) --format html -o $(GEN_HTML)"
	@$(TABLA) print $(GEN_BOL) --format html -o $(GEN_HTML)
	@echo "written: $(abspath $(GEN_MID)) and $(abspath $(GEN_HTML)) (open it in a browser and print to PDF for a handout)"

# The executable and its resource bundle (the shipped model) go together into
# PREFIX/lib/tabla, where the executable finds the bundle beside itself; PREFIX/bin/tabla
# links to it. Shell completions go where bash-completion, zsh and fish look; the man
# page comes from swift-argument-parser's generate-manual plugin (no network needed).
install: deps
	$(SWIFT) build -c $(CONFIG) --product tabla
	@bin=$$($(SWIFT) build -c $(CONFIG) --show-bin-path); \
	set -e; \
	mkdir -p $(DESTDIR)$(PREFIX)/lib/tabla $(DESTDIR)$(PREFIX)/bin; \
	install -m 755 $$bin/tabla $(DESTDIR)$(PREFIX)/lib/tabla/tabla; \
	for b in $$bin/*.resources; do rm -rf $(DESTDIR)$(PREFIX)/lib/tabla/$$(basename $$b); cp -R $$b $(DESTDIR)$(PREFIX)/lib/tabla/; done; \
	ln -sf ../lib/tabla/tabla $(DESTDIR)$(PREFIX)/bin/tabla; \
	mkdir -p $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d; \
	$$bin/tabla --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tabla; \
	$$bin/tabla --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tabla; \
	$$bin/tabla --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tabla.fish; \
	man=$$(mktemp -d); \
	$(SWIFT) package --disable-automatic-resolution plugin --allow-writing-to-directory $$man generate-manual \
	  --configuration $(CONFIG) -o $$man >/dev/null; \
	mkdir -p $(DESTDIR)$(PREFIX)/share/man/man1; \
	install -m 644 $$man/tabla.1 $(DESTDIR)$(PREFIX)/share/man/man1/tabla.1; \
	rm -rf $$man; \
	echo "installed $(DESTDIR)$(PREFIX)/bin/tabla ($$($(DESTDIR)$(PREFIX)/bin/tabla --version)) with its model, a man page and bash, zsh and fish completions"

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/lib/tabla
	rm -f $(DESTDIR)$(PREFIX)/bin/tabla $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tabla \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_tabla $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/tabla.fish \
	  $(DESTDIR)$(PREFIX)/share/man/man1/tabla.1

# Unset stays unset: an empty OPENBLAS_CORETYPE makes OpenBLAS pick Haswell on AMD CPUs.
ifneq ($(BENCH_BLAS_CORE),)
bench: export OPENBLAS_CORETYPE := $(BENCH_BLAS_CORE)
endif
bench: deps
	$(SWIFT) build -c release --product notation-bench
	.build/release/notation-bench
	$(SWIFT) build -c release --product render-bench
	.build/release/render-bench
	$(SWIFT) build -c release --product lstm-bench
	.build/release/lstm-bench
	.build/release/lstm-bench --layers 1 --hidden 128
	@# The PyTorch reference on the same corpus and configuration, when PYTORCH_PYTHON has torch
	@# (e.g. a venv outside the repository: python3 -m venv ../torch-venv && ../torch-venv/bin/pip install torch).
	@if $(PYTORCH_PYTHON) -c "import torch" 2>/dev/null; then $(PYTORCH_PYTHON) bench/pytorch_lstm.py; \
	else echo "PyTorch reference skipped: $(PYTORCH_PYTHON) cannot import torch (set PYTORCH_PYTHON=/path/to/venv/bin/python)"; fi
	$(SWIFT) build -c release --product tabla
	bash bench/model-speed.sh

clean:
	rm -rf .build

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of the three readers of outside
# bytes: the .bol parser and validator, the checkpoint loader, a sample-bank file.
# FUZZ_SECONDS each (default 180); seeds from Compositions/, a small trained model and
# Samples/; findings land in .build/fuzz/ as crash-* files. See docs/LIMITS.md. Leak
# detection is off: Foundation's Data(contentsOf:) leaks 4 KB reading an empty file.
FUZZ_SECONDS ?= 180
FUZZ := .build/fuzz
fuzz: deps
	@Fuzz/build.sh
	@mkdir -p $(FUZZ)/seeds-bol $(FUZZ)/seeds-checkpoint $(FUZZ)/seeds-sample
	@i=0; for f in $$(find Compositions Tests -name '*.bol'); do i=$$((i+1)); cp "$$f" $(FUZZ)/seeds-bol/$$i.bol; done
	@[ -f $(FUZZ)/seeds-checkpoint/small.tablamodel ] || $(SWIFT) run -q tabla train --corpus Compositions/dadra \
	  -o $(FUZZ)/seeds-checkpoint/small.tablamodel --hidden 8 --embedding 4 --epochs 1 --validation 0.2 --test 0.2 >/dev/null 2>&1 || \
	  cp Sources/TablaGeneration/Resources/default.tablamodel $(FUZZ)/seeds-checkpoint/
	@for f in Samples/*.wav; do head -c 4096 "$$f" > $(FUZZ)/seeds-sample/$$(basename $$f); done
	cd $(FUZZ) && for t in bol checkpoint sample; do \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 ./fuzz-$$t seeds-$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=65536 -detect_leaks=0 -print_final_stats=1 \
	    > fuzz-$$t.log 2>&1; status=$$?; grep -E "^Done|stat::|ERROR|SUMMARY|crash-" fuzz-$$t.log; [ $$status = 0 ] || exit 1; \
	done

