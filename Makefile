# proclab — build rules and entry points. Compiler flags live in harness/lab.mk.
#
#   make                  build labrun and every lab of labs/ and solutions/ under build/
#   make grade            grade a submission (default: labs/) → table + build/grade/results.json
#                         make grade SUBMISSION=solutions LAB=02
#                         make grade LAB=02 TEST='kill -9'   (only the tests whose names match)
#   make test             the project's own tests (solutions pass, stubs and buggy variants fail)
#   make deps             install the Debian/Ubuntu packages proclab needs
#   make bench            how long grading and make test take, per lab and per test
#   make soak N=20        the self-test N times with every core loaded
#   make mutants          how many mechanical mutants of the solutions the tests catch, and the survivors
#   make demo TOPIC=zombie  a live lecture demo (scripts/demo; without TOPIC: the list)
#   make handout          build/proclab-handout.tar.gz: what students get (no solutions, no hidden tests)
#   make gradescope       build/proclab-gradescope.zip: the autograder for Gradescope
#   make classroom        build/classroom/.github/workflows/classroom.yml: GitHub Classroom autograding from the rubric (also in the handout)
#   make grade-all DIR=submissions  grade every submission in DIR: gradebook + summary (scripts/grade-all)
#   make help             every entry point, one line each
#   make clean            remove build/

SHELL       := /bin/bash
BUILD       := build
CC          ?= cc
# The harness's own C (labrun, labprobe, the shims) is built with the labs' flags:
# harness/lab.mk is the one place they are written.
LABRUN_CFLAGS := $(shell sed -nE 's/^CFLAGS[[:space:]]*:=[[:space:]]*//p' harness/lab.mk)

LAB_NAMES   := $(notdir $(wildcard labs/[0-9][0-9]-*))
SUBMISSION  ?= labs
LAB         ?=
TEST        ?=

.PHONY: all harness deps grade test bench soak clean labs solutions
SHIMS       := $(patsubst harness/shims/%.c,$(BUILD)/shims/%.so,$(wildcard harness/shims/*.c))

all: harness labs solutions

# What the tests themselves run: the supervisor, the probe, the shims.
harness: $(BUILD)/labrun $(BUILD)/labprobe $(SHIMS)

# One sub-make per lab, so a lab that does not compile does not stop the others
# from being listed (make -k) and each lab's build is the same as grading's.
labs solutions:
	@status=0; for lab in $(LAB_NAMES); do \
	  [ -d $@/$$lab ] || continue; \
	  $(MAKE) --no-print-directory -f harness/lab.mk SRC=$@/$$lab OUT=$(BUILD)/$@/$$lab || status=1; \
	done; exit $$status

# The supervisor and the probe share the judge of "settled" (settle.c).
$(BUILD)/labrun $(BUILD)/labprobe: $(BUILD)/%: harness/%.c harness/settle.c harness/settle.h
	@mkdir -p $(dir $@)
	$(CC) $(LABRUN_CFLAGS) -o $@ $< harness/settle.c

# LD_PRELOAD shims that make a race certain (harness/shims/*.c).
$(BUILD)/shims/%.so: harness/shims/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LABRUN_CFLAGS) -fPIC -shared -o $@ $< -ldl

deps:
	@scripts/deps

# grade and test check their dependencies first (scripts/deps installs or names them).
grade: deps harness
	@scripts/grade '$(subst ','\'',$(SUBMISSION))' $(if $(LAB),--lab '$(subst ','\'',$(LAB))') $(if $(TEST),--test '$(subst ','\'',$(TEST))') $(GRADE_OPTIONS)

test: deps all
	@harness/selftest/run

# Figures, not verdicts: how long grading and the self-test take (scripts/bench).
bench: deps all
	@scripts/bench

# A live lecture demo: make demo TOPIC=zombie (without TOPIC: the list of topics);
# DEMO_OPTIONS=--auto, --tmux, ... go to scripts/demo as they are.
# A solution that does not build costs only its own topic: scripts/demo says so.
.PHONY: demo
demo: harness
	@$(MAKE) --no-print-directory solutions || echo "make demo: not every solution built; their topics cannot run" >&2
	@scripts/demo $(DEMO_OPTIONS) $(if $(TOPIC),'$(subst ','\'',$(TOPIC))',--list)

# The whole self-test N times with every core loaded: flaky is broken.
N ?= 20
soak: deps all
	@scripts/soak $(N)

# The mutation measure (harness/selftest/mutants): a figure, not a verdict.
.PHONY: mutants
mutants: deps all
	@harness/selftest/mutants

# The instructor's packages (see README.md, "For instructors").
.PHONY: handout gradescope classroom help grade-all
grade-all: deps harness
	@test -n '$(DIR)' || { echo "usage: make grade-all DIR=submissions" >&2; exit 2; }
	@scripts/grade-all '$(subst ','\'',$(DIR))' $(GRADE_OPTIONS)

handout:
	@scripts/handout

gradescope:
	@scripts/gradescope/build

classroom:
	@scripts/classroom

# Every entry point, one line each: the comment block at the top of this file.
help:
	@sed -n '/^#   make /s/^#   //p' Makefile

clean:
	rm -rf $(BUILD)
