# racelab: the students' front door. `make deps && make check` is all a newcomer needs.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
RACELAB = $(BUILD)/racelab

.PHONY: all deps build check solutions test test-stress test-asan bench bench-checker bench-explore \
	eval fuzz dist gradescope classroom clean help mutate

all: build

help:
	@echo "make deps         install the Debian packages racelab needs (once)"
	@echo "make check        check every exercise (EX=03 checks one)"
	@echo "make test         the kit's own tests: unit tests, then the course self-test"
	@echo "make test-stress  the course self-test with 20 repetitions"
	@echo "make mutate       break the product on purpose, one line at a time: which tests notice"
	@echo "make bench        the reference workloads, a report in bench/report.md"
	@echo "make bench-checker  racelab check against raw TSan + Helgrind: bench/checker.md"
	@echo "make eval         racelab analyze on tests/analyze/ against raw TSan + Helgrind: bench/eval.md"
	@echo "make bench-explore  schedule search vs plain and random-yield runs: bench/explore.md"
	@echo "make dist         a student tarball without solutions"

deps:
	@sh scripts/deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS) >/dev/null || cmake --build $(BUILD) -j 1

check: build
	@$(RACELAB) check $(EX)

solutions: build
	@$(RACELAB) check --solutions $(EX)

# The summary ends with a line naming what was skipped and why (tests/skips.sh); CTest's status.
test: build
	@mkdir -p $(BUILD)/Testing
	@cd $(BUILD) && { ctest --output-on-failure -j $(JOBS) --timeout 900; echo $$? >Testing/rc; } \
		| tee Testing/ctest.out
	@sh tests/skips.sh $(BUILD) $(BUILD)/Testing/ctest.out
	@exit $$(cat $(BUILD)/Testing/rc)

test-stress: build
	@$(RACELAB) selftest --repeat 20 $(EX)

# The checker's own tests once more, built with ASan and UBSan.
test-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CMAKE_FLAGS=-DRACELAB_SANITIZE=ON build
	@cd build-asan && ctest --output-on-failure -j $(JOBS) -L unit

clean:
	rm -rf $(BUILD) build-asan graphs/*.svg graphs/*.dot reports dist

# A student tarball without solutions/ (nor anything that leaks them): dist/racelab-student.tar.gz.
dist:
	@sh ci/dist.sh

# The GitHub Classroom workflow, one grader per exercise: rewrite it after adding an exercise.
classroom:
	@sh ci/classroom.sh >.github/workflows/classroom.yml

# A Gradescope autograder zip: dist/racelab-gradescope.zip.
gradescope:
	@sh ci/gradescope/build.sh

# The reference workloads: bench/report.md with tables and SVG plots (see workloads/README.md);
# then the checker's own speed, bench/checker.md.
bench: bench-checker
	@$(MAKE) --no-print-directory -C workloads bench

# racelab check against a raw TSan run plus a raw Helgrind run of the same binaries. BENCH_EX lists
# the exercises, BENCH_REPS the repetitions.
BENCH_EX ?= 01-lost-update 03-refcount-race 04-check-then-act 06-lazy-init 07-bank-transfer-order
BENCH_REPS ?= 7
# The schedule search (PCT) against plain and random-yield runs on rare-bug programs
# (tests/bench/explore/), at equal time: bench/explore.md. BENCH_EXPLORE_S: seconds per mode.
BENCH_EXPLORE_S ?= 4
bench-explore: build
	@tests/bench/explore.sh build bench $(BENCH_EXPLORE_S)

bench-checker: build
	@tests/bench/check_speed.sh $(RACELAB) bench $(BENCH_REPS) $(BENCH_EX)

# racelab analyze on the external test set (tests/analyze/) against raw TSan and raw Helgrind, per
# class: bench/eval.md. EVAL_FLAGS adds eval.sh's options, e.g. EVAL_FLAGS="--repeat 3 --only omp_".
EVAL_FLAGS ?=
eval: build
	@nice -n 10 tests/analyze/eval.sh --racelab $(RACELAB) $(EVAL_FLAGS)

# The parsers' fuzzers (tests/fuzz/README.md): FUZZ=seconds per target, or FUZZ=-runs=N.
FUZZ ?= 60
fuzz:
	@FUZZ_BUILD=$(BUILD)/fuzz tests/fuzz/run.sh $(FUZZ)

# Break the product on purpose, one small change at a time, in a scratch copy, and show which tests
# notice (tests/mutate/): every mutation must be caught. MUTATE=ERE runs only the matching ones.
MUTATE ?=
mutate:
	@bash tests/mutate/mutate.sh "$(MUTATE)"
