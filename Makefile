# wardsite — see README.md.  `make site` and `make check` are the two set-up commands.

CC      ?= cc
PKGS    := libgit2 libcmark-gfm lua5.4 yaml-0.1 libutf8proc stb libmicrohttpd libseccomp libwebp
DEBS    := build-essential pkg-config git libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev \
           liblua5.4-dev libyaml-dev libutf8proc-dev libstb-dev libmicrohttpd-dev libseccomp-dev libwebp-dev python3 strace xxd
# The browser tests (tests/browser/) also need Chromium, Java for the Nu HTML
# Checker and Node with npm; Java and Node count when installed otherwise.
# The .ics and podcast outputs are checked by real parsers (Debian's
# python3-icalendar and python3-feedparser, run with /usr/bin/python3).
BROWSER_DEBS := chromium python3-icalendar python3-feedparser
WARN    := -Wall -Wextra -pedantic -Wshadow -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -MMD -MP \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
BUILD   ?= build
SRCS    := $(wildcard generator/*.c)
LIB_OBJS = $(patsubst generator/%.c,$(BUILD)/%.o,$(filter-out generator/main.c,$(SRCS))) $(BUILD)/shipped_plugins.o \
           $(BUILD)/shipped_theme.o $(BUILD)/messages_vi.o $(BUILD)/lua_sources.o
PLUGINS := $(sort $(wildcard lua-plugins/*.lua))
# wardsite's own Lua (the runtime of templates, the plugins' environment)
LUA_SOURCES := $(sort $(wildcard generator/lua/*.lua))
# The default theme, compiled in too (see source.h: a repository's own
# themes/default/ file replaces the shipped one of the same path).
THEME_FILES := $(sort $(shell find themes/default -type f))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS  = $(patsubst tests/unit/%.c,$(BUILD)/%,$(UNIT_SRCS))
# libFuzzer targets, tests/fuzz/fuzz_NAME.c (see "fuzz" below)
FUZZ_TARGETS := frontmatter markdown template csv image media
FUZZ_BINS    = $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_TARGETS))
PREFIX  ?= /usr/local

.PHONY: all install deps bench-deps bench bench-history site check test unit sites asan ubsan valgrind fuzz fuzz-deps fuzz-regress valgrind-deps regen format lint clean portal-images bench-images

all: wardsite

# Installs what is missing when root; otherwise prints the command and stops.
deps:
	$(call install_debs,$(DEBS) $(BROWSER_DEBS) $(if $(shell command -v java),,default-jre-headless) $(if $(shell command -v npm),,nodejs npm))

# $(call install_debs,PACKAGES): installs those missing when root; otherwise
# prints the apt-get line and stops (deps, fuzz-deps, valgrind-deps).
define install_debs
@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages; run as root:"; echo "  apt-get install$$missing"; exit 1; \
	  fi; \
	fi
endef

$(BUILD)/%.o: generator/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD):
	mkdir -p $(BUILD)

# The plugins shipped with wardsite, compiled in (see generator/plugin.h).
$(BUILD)/shipped_plugins.c: $(PLUGINS) Makefile | $(BUILD)
	@{ echo '/* made by the Makefile from lua-plugins/; do not edit */'; echo '#include "plugin.h"'; \
	  i=0; for f in $(PLUGINS); do \
	    echo "static const unsigned char S_p$$i[] = {"; od -An -v -tx1 $$f | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; \
	    i=$$((i+1)); done; \
	  echo 'const struct plugin_file plugin_shipped[] = {'; \
	  i=0; for f in $(PLUGINS); do echo "{\"$$f\", (const char *)S_p$$i, sizeof S_p$$i - 1},"; i=$$((i+1)); done; \
	  echo '{0, 0, 0}};'; echo "const size_t plugin_nshipped = $$i;"; } >$@.tmp && mv $@.tmp $@

# wardsite's own Lua, compiled in (see generator/luasrc.h).
$(BUILD)/lua_sources.c: $(LUA_SOURCES) Makefile | $(BUILD)
	@{ echo '/* made by the Makefile from generator/lua/; do not edit */'; echo '#include "luasrc.h"'; \
	  i=0; for f in $(LUA_SOURCES); do \
	    echo "static const unsigned char S_l$$i[] = {"; od -An -v -tx1 $$f | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; \
	    i=$$((i+1)); done; \
	  echo 'const struct luasrc luasrc_files[] = {'; \
	  i=0; for f in $(LUA_SOURCES); do echo "{\"$$f\", (const char *)S_l$$i, sizeof S_l$$i - 1},"; i=$$((i+1)); done; \
	  echo '{0, 0, 0}};'; } >$@.tmp && mv $@.tmp $@

$(BUILD)/lua_sources.o: $(BUILD)/lua_sources.c
	$(CC) $(ALL_CFLAGS) -Igenerator -c $< -o $@

# The Vietnamese message catalogue, compiled in (see generator/msg.h).
$(BUILD)/messages_vi.c: generator/messages.vi.po Makefile | $(BUILD)
	@{ echo '/* made by the Makefile from generator/messages.vi.po; do not edit */'; echo '#include "msg.h"'; \
	  echo 'static const unsigned char S_po[] = {'; od -An -v -tx1 $< | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; \
	  echo 'const char *const msg_catalogue_vi = (const char *)S_po;'; } >$@.tmp && mv $@.tmp $@

$(BUILD)/messages_vi.o: $(BUILD)/messages_vi.c
	$(CC) $(ALL_CFLAGS) -Igenerator -c $< -o $@

$(BUILD)/shipped_plugins.o: $(BUILD)/shipped_plugins.c
	$(CC) $(ALL_CFLAGS) -Igenerator -c $< -o $@

$(BUILD)/shipped_theme.c: $(THEME_FILES) Makefile | $(BUILD)
	@{ echo '/* made by the Makefile from themes/default/; do not edit */'; echo '#include "source.h"'; \
	  i=0; for f in $(THEME_FILES); do \
	    echo "static const unsigned char S_t$$i[] = {"; od -An -v -tx1 $$f | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; \
	    i=$$((i+1)); done; \
	  echo 'const struct source_shipped source_theme[] = {'; \
	  i=0; for f in $(THEME_FILES); do echo "{\"$$f\", (const char *)S_t$$i, sizeof S_t$$i - 1},"; i=$$((i+1)); done; \
	  echo '{0, 0, 0}};'; echo "const size_t source_ntheme = $$i;"; } >$@.tmp && mv $@.tmp $@

$(BUILD)/shipped_theme.o: $(BUILD)/shipped_theme.c
	$(CC) $(ALL_CFLAGS) -Igenerator -c $< -o $@

$(BUILD)/libwardsite.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/wardsite: $(BUILD)/main.o $(BUILD)/libwardsite.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

wardsite: $(BUILD)/wardsite
	cp $< $@

$(BUILD)/test_%: tests/unit/test_%.c tests/unit/harness.h $(BUILD)/libwardsite.a
	$(CC) $(ALL_CFLAGS) -Igenerator -o $@ $< $(BUILD)/libwardsite.a $(LIBS)

# A fuzz target as a plain program (tests/fuzz/driver.c calls it on each
# file named): its corpus and regression inputs run without clang.
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(BUILD)/libwardsite.a
	$(CC) $(ALL_CFLAGS) -Igenerator -o $@ $< tests/fuzz/driver.c $(BUILD)/libwardsite.a $(LIBS)

site: deps
	@$(MAKE) --no-print-directory wardsite
	./wardsite build --out public
	@echo
	@echo "The portal is in public/. Open public/index.html in a browser, or serve it with"
	@echo "  python3 -m http.server -d public 8000    and visit http://127.0.0.1:8000/"

# The npm packages of the browser tests, exactly as package-lock.json says
# (no install scripts: vnu-jar's would fetch a Java runtime).
tests/browser/node_modules: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# The whole suite: unit tests and site tests against an ASan+UBSan build
# (catches memory errors and leaks), then the site tests again against the
# optimised build that `make site` uses, then the bundled portal as a
# visitor, a browser (axe-core) and the Nu HTML Checker see it.
check: deps tests/browser/node_modules
	@$(MAKE) --no-print-directory BUILD=build/san CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" build/san/wardsite $(patsubst tests/unit/%.c,build/san/%,$(UNIT_SRCS)) $(patsubst %,build/san/fuzz_%,$(FUZZ_TARGETS))
	@$(MAKE) --no-print-directory wardsite
	@tests/run-all.sh

# The whole suite but the browser part (which needs the normal build)
# under AddressSanitizer alone, then UndefinedBehaviorSanitizer alone.
# `make check` already runs it under both at once (build/san), so CI runs
# neither of these separately.
asan:
	$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address -fno-omit-frame-pointer" build/asan/wardsite $(patsubst tests/unit/%.c,build/asan/%,$(UNIT_SRCS)) $(patsubst %,build/asan/fuzz_%,$(FUZZ_TARGETS))
	BROWSER=0 UNIT_DIR=build/asan WARDSITE=build/asan/wardsite tests/run-all.sh

ubsan:
	$(MAKE) BUILD=build/ubsan CFLAGS="-O1 -g -fsanitize=undefined -fno-sanitize-recover=all" build/ubsan/wardsite $(patsubst tests/unit/%.c,build/ubsan/%,$(UNIT_SRCS)) $(patsubst %,build/ubsan/fuzz_%,$(FUZZ_TARGETS))
	BROWSER=0 UNIT_DIR=build/ubsan WARDSITE=build/ubsan/wardsite tests/run-all.sh

# The suite but the browser part under valgrind's memcheck (the optimised
# build, -O2 -g): the unit tests and the fuzz targets' corpus directly,
# every run of wardsite in the site, portal, incremental and serve tests
# through tests/valgrind-wardsite.  Any memory error or leak (definite or
# indirect) fails it.  Slow: on the shared development machine the portal
# test alone took 10 minutes and the incremental test 13, so CI
# runs VALGRIND_PORTAL=0: the unit tests, the fuzz corpus and the 37
# whole-site cases, 9 minutes there with the build.
VALGRIND_PORTAL ?= 1
valgrind-deps:
	$(call install_debs,$(DEBS) valgrind)

valgrind: valgrind-deps wardsite $(UNIT_BINS) $(FUZZ_BINS)
	@rm -rf build/valgrind
	@BROWSER=0 PORTAL=$(VALGRIND_PORTAL) VALGRIND=1 UNIT_DIR=build WARDSITE=tests/valgrind-wardsite RELEASE= tests/run-all.sh; \
	rc=$$?; bad=$$(find build/valgrind -type f -size +0 2>/dev/null); \
	if [ -n "$$bad" ]; then head -n 60 $$bad; echo "valgrind: errors or leaks in $$(echo $$bad | wc -w) runs of wardsite (build/valgrind/)"; exit 1; fi; \
	exit $$rc

# libFuzzer targets (clang; FUZZ_DEBS installed when root) for front
# matter, Markdown with widgets, templates, CSV, photos and the durations
# of audio and video files: each runs
# FUZZ_SECONDS on a copy of its seed corpus (tests/fuzz/corpus/NAME) in
# build/fuzz/corpus_NAME, kept between runs.  A crash, leak, hang or
# running out of memory stops it with the input in build/fuzz/; fix the
# bug and add the input to tests/fuzz/regress/NAME/, which `make check`
# runs (tests/fuzz/regress.sh, as `make fuzz-regress` does).  libFuzzer
# reads the whole kept corpus before it counts time: a run on a corpus
# grown by earlier runs takes longer than FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
# FUZZ_RUNS=N instead: N inputs each from a fixed seed, the same run every
# time (CI: a run that passes on a commit passes again on it).
FUZZ_RUNS ?=
FUZZ_LIMIT = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS) -seed=1,-max_total_time=$(FUZZ_SECONDS))
FUZZ_DEBS := clang libclang-rt-14-dev
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz-deps:
	$(call install_debs,$(DEBS) $(FUZZ_DEBS))

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" build/fuzz/libwardsite.a
	@for t in $(FUZZ_TARGETS); do \
	  clang $(ALL_CFLAGS) $(FUZZ_FLAGS) -Igenerator -o build/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c build/fuzz/libwardsite.a $(LIBS) || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus_$$t && cp tests/fuzz/corpus/$$t/* build/fuzz/corpus_$$t/ || exit 1; \
	  echo "fuzz_$$t: $(FUZZ_LIMIT) (log: build/fuzz/fuzz_$$t.log)"; \
	  build/fuzz/fuzz_$$t $(FUZZ_LIMIT) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/$$t- build/fuzz/corpus_$$t >build/fuzz/fuzz_$$t.log 2>&1; \
	  rc=$$?; grep -E '^Done [0-9]+ runs|stat::number_of_executed_units' build/fuzz/fuzz_$$t.log; \
	  if [ $$rc -ne 0 ]; then tail -n 60 build/fuzz/fuzz_$$t.log; echo "fuzz_$$t: FAILED (exit $$rc), input in build/fuzz/$$t-*"; exit 1; fi; \
	done

# The fuzz targets' seed corpus and regression inputs through gcc-built
# ASan+UBSan programs (no clang needed); part of `make check` too.
fuzz-regress:
	@$(MAKE) --no-print-directory BUILD=build/san CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" $(patsubst %,build/san/fuzz_%,$(FUZZ_TARGETS))
	tests/fuzz/regress.sh build/san

# Benchmarks side by side with Hugo (installed when root); not tests.
BENCH_PAGES ?= 10000
bench-deps: deps
	@for p in hugo time; do dpkg -s $$p >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$p >/dev/null; } || echo "bench: $$p missing (run as root to install it)"; done

bench: bench-deps wardsite
	tests/bench/bench.sh $(BENCH_PAGES)
	python3 tests/bench/search-size.py ./wardsite 1000 10000 50000
	tools/bench-images.sh

# What the git history costs: the history pass alone and whole builds on a
# generated site of 10,000 pages written over 5,000 commits.
bench-history: bench-deps wardsite $(BUILD)/history-walk
	tests/bench/history.sh $(BENCH_HISTORY)

$(BUILD)/history-walk: tests/bench/history-walk.c $(BUILD)/libwardsite.a
	$(CC) $(ALL_CFLAGS) -Igenerator -o $@ $< $(BUILD)/libwardsite.a $(LIBS)

regen: wardsite
	tests/sites/run.sh ./wardsite --regen

# Remakes the bundled portal's committed images (see tools/make-portal-images.sh).
portal-images:
	tools/make-portal-images.sh

# Resizing speed, cold and warm cache (not a test; see README, "Photos").
bench-images:
	tools/bench-images.sh

format:
	clang-format -i generator/*.c generator/*.h tests/unit/*.c tests/unit/*.h

lint:
	cppcheck --quiet --enable=warning,performance,portability --std=c11 --inline-suppr --error-exitcode=1 \
	  $(shell pkg-config --cflags-only-I $(PKGS)) generator

install: wardsite
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 wardsite $(DESTDIR)$(PREFIX)/bin/wardsite
	install -m 644 man/wardsite.1 $(DESTDIR)$(PREFIX)/share/man/man1/wardsite.1

clean:
	rm -rf build wardsite public tests/browser/node_modules

-include $(wildcard $(BUILD)/*.d)
